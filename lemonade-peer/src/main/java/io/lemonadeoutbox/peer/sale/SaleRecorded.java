package io.lemonadeoutbox.peer.sale;

/** What selling did: a new sale, or a retry of one already recorded (nothing published). */
record SaleRecorded(SaleView sale, boolean appended) {
}
