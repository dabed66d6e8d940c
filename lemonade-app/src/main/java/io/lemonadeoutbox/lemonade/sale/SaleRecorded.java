package io.lemonadeoutbox.lemonade.sale;

/** What selling did: a new sale, or a retry of one already recorded (nothing appended). */
public enum SaleRecorded {
    NEW, ALREADY_RECORDED
}
