package io.lemonadeoutbox.thankyou.inbox;

import java.time.Instant;

/** The payloads of topic lemonade.sales, revision 1, as this service reads them (see contract/lemonade.sales). */
public sealed interface SalesEvent {

    String saleId();

    record Customer(String name, String email) {}

    record Money(long cents, String currency) {}

    record LemonadeSold(String saleId, Customer customer, int cups, Money unitPrice, Money total, Instant soldAt)
            implements SalesEvent {}

    record SaleRefunded(String saleId, Customer customer, Money total, String reason, Instant refundedAt)
            implements SalesEvent {}
}
