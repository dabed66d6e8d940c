package io.lemonadeoutbox.peer.sale;

import java.time.Instant;

/** The payload of contract/lemonade.sales/SaleRefunded.v1.json, field for field. */
public record SaleRefunded(String saleId, Customer customer, Money total, String reason, Instant refundedAt)
        implements SalePayload {

    @Override
    public String contractType() {
        return "io.lemonadeoutbox.lemonade.sale.SaleRefunded";
    }
}
