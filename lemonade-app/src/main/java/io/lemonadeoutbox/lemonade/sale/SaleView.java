package io.lemonadeoutbox.lemonade.sale;

import java.time.Instant;

/** A sale as the event store tells it: folded from its events, so always what was committed. */
public record SaleView(String saleId, String customerName, String customerEmail, int cups, Money unitPrice,
                       Money total, Instant soldAt, boolean refunded, String refundReason, Instant refundedAt,
                       String flavour) {

    static SaleView of(LemonadeSold sold) {
        return new SaleView(sold.saleId(), sold.customer().name(), sold.customer().email(), sold.cups(),
                sold.unitPrice(), sold.total(), sold.soldAt(), false, null, null, sold.flavour());
    }

    SaleView refundedBy(SaleRefunded refund) {
        return new SaleView(saleId, customerName, customerEmail, cups, unitPrice, total, soldAt, true,
                refund.reason(), refund.refundedAt(), flavour);
    }
}
