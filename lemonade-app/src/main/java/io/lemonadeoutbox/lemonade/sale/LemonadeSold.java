package io.lemonadeoutbox.lemonade.sale;

import java.time.Instant;
import org.axonframework.serialization.Revision;

@Revision("1")
public record LemonadeSold(String saleId, Customer customer, int cups, Money unitPrice, Money total, Instant soldAt) {
}
