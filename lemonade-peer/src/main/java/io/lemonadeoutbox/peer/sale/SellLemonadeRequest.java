package io.lemonadeoutbox.peer.sale;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

public record SellLemonadeRequest(
        @Pattern(regexp = SaleId.PATTERN) String saleId,
        @NotBlank String customerName,
        @NotBlank String customerEmail,
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
