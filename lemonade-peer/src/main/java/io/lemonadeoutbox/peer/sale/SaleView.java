package io.lemonadeoutbox.peer.sale;

import java.time.Instant;

/** The response body of every sale endpoint: the same JSON as lemonade-app's SaleView. */
public record SaleView(String saleId, String customerName, String customerEmail, int cups, Money unitPrice,
                       Money total, Instant soldAt, boolean refunded, String refundReason, Instant refundedAt) {
}
