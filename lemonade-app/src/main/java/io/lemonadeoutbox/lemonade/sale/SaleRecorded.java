package io.lemonadeoutbox.lemonade.sale;

/**
 * What selling did, with the sale as committed: a new sale, or a retry of one already recorded (nothing appended).
 * The command gateway returns it only after the command's transaction committed, so the caller needs no read-back.
 */
public record SaleRecorded(SaleView sale, boolean appended) {

    static SaleRecorded appended(SaleView sale) {
        return new SaleRecorded(sale, true);
    }

    static SaleRecorded alreadyRecorded(SaleView sale) {
        return new SaleRecorded(sale, false);
    }
}
