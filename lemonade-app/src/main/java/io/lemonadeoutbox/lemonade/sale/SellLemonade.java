package io.lemonadeoutbox.lemonade.sale;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Validated on construction (the customer comes back stripped, no flavour means {@link Flavour#CLASSIC}); the event
 * it yields is plain data.
 */
public record SellLemonade(@TargetAggregateIdentifier String saleId, Customer customer, int cups, Money unitPrice,
                           Instant requestedAt, String flavour) {

    public static final int MIN_CUPS = 1;
    public static final int MAX_CUPS = 20;

    public SellLemonade {
        SaleId.requireValid(saleId);
        customer = SaleRules.requireValid(customer);
        SaleRules.requireValid("unitPrice", unitPrice);
        Objects.requireNonNull(requestedAt, "requestedAt");
        flavour = Flavour.requireValid(flavour);
        if (cups < MIN_CUPS || cups > MAX_CUPS) {
            throw new InvalidSaleException("cups", "must be between " + MIN_CUPS + " and " + MAX_CUPS);
        }
    }

    public SellLemonade(String saleId, Customer customer, int cups, Money unitPrice, Instant requestedAt) {
        this(saleId, customer, cups, unitPrice, requestedAt, Flavour.CLASSIC);
    }

    boolean sameOrderAs(LemonadeSold sold) {
        return customer.equals(sold.customer()) && cups == sold.cups() && flavour.equals(sold.flavour());
    }
}
