package io.lemonadeoutbox.peer.sale;

import java.time.Instant;

/** The payload of contract/lemonade.sales/LemonadeSold.v1.json, field for field. */
public record LemonadeSold(String saleId, Customer customer, int cups, Money unitPrice, Money total, Instant soldAt)
        implements SalePayload {

    @Override
    public String contractType() {
        return "io.lemonadeoutbox.lemonade.sale.LemonadeSold";
    }
}
