package io.lemonadeoutbox.peer.sale;

import io.lemonadeoutbox.api.StorableText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * lemonade-app's rule for every string (a maximum length and {@link StorableText}), so what is accepted here can
 * always be stored in {@code sale} and become a card: a NUL is a 400, not a 500 from PostgreSQL, and an unpaired
 * surrogate a 400, not a sale thankyou-service must dead-letter.
 */
public record SellLemonadeRequest(
        @Pattern(regexp = SaleId.PATTERN) String saleId,
        @NotBlank @Size(max = Customer.MAX_NAME_LENGTH) @StorableText String customerName,
        @NotBlank @Size(max = Customer.MAX_EMAIL_LENGTH) @StorableText String customerEmail,
        @NotNull Integer cups) {

    public static final int MIN_CUPS = 1;
    public static final int MAX_CUPS = 20;

    /** The order as the stand records it: validated customer, cups within the stand's limits. */
    Customer customer() {
        return new Customer(customerName, customerEmail);
    }

    int validCups() {
        if (cups < MIN_CUPS || cups > MAX_CUPS) {
            throw new InvalidSaleException("cups", "must be between " + MIN_CUPS + " and " + MAX_CUPS);
        }
        return cups;
    }
}
