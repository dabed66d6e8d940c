package io.lemonadeoutbox.lemonade.sale;

import java.time.Instant;
import org.axonframework.serialization.Revision;

@Revision("1")
public record SaleRefunded(String saleId, Customer customer, Money total, String reason, Instant refundedAt) {
}
