package io.lemonadeoutbox.lemonade.sale;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * Revision 2 added {@code flavour}. Revision-1 events stay in the store as they were written;
 * {@link LemonadeSoldUpcaster} reads them as revision 2 with the flavour {@link Flavour#CLASSIC}.
 */
@Revision("2")
public record LemonadeSold(String saleId, Customer customer, int cups, Money unitPrice, Money total, Instant soldAt,
                           String flavour) {
}
