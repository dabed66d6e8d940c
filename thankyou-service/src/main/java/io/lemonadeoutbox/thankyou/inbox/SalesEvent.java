package io.lemonadeoutbox.thankyou.inbox;

import io.lemonadeoutbox.api.StorableText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * The payloads of topic lemonade.sales, revision 1, as this service reads them (see contract/lemonade.sales):
 * {@link WireContract} binds the JSON into these records and checks their constraints. Every text this service stores
 * must be {@link StorableText} and fit the contract's maximum length, or the record is a poison record.
 */
public sealed interface SalesEvent {

    int MAX_SALE_ID_LENGTH = 64;
    int MAX_NAME_LENGTH = 100;
    int MAX_EMAIL_LENGTH = 254;
    int MAX_REASON_LENGTH = 500;

    String saleId();

    record Customer(
            @NotNull(message = "is missing") @NotBlank(message = "must be a non-blank string")
            @Size(max = MAX_NAME_LENGTH) @StorableText String name,
            @NotNull(message = "is missing") @NotBlank(message = "must be a non-blank string")
            @Size(max = MAX_EMAIL_LENGTH) @StorableText String email) {}

    record Money(
            @NotNull(message = "is missing") Long cents,
            @NotNull(message = "is missing") @NotBlank(message = "must be a non-blank string") String currency) {}

    record LemonadeSold(
            @NotNull(message = "is missing") @NotBlank(message = "must be a non-blank string")
            @Size(max = MAX_SALE_ID_LENGTH) @StorableText String saleId,
            @NotNull(message = "is missing") @Valid Customer customer,
            @NotNull(message = "is missing") @Positive(message = "must be a positive whole number") Integer cups,
            @NotNull(message = "is missing") @Valid Money unitPrice,
            @NotNull(message = "is missing") @Valid Money total,
            @NotNull(message = "is missing") Instant soldAt)
            implements SalesEvent {}

    record SaleRefunded(
            @NotNull(message = "is missing") @NotBlank(message = "must be a non-blank string")
            @Size(max = MAX_SALE_ID_LENGTH) @StorableText String saleId,
            @NotNull(message = "is missing") @Valid Customer customer,
            @NotNull(message = "is missing") @Valid Money total,
            @NotNull(message = "is missing") @NotBlank(message = "must be a non-blank string")
            @Size(max = MAX_REASON_LENGTH) @StorableText(lineBreaks = true) String reason,
            @NotNull(message = "is missing") Instant refundedAt)
            implements SalesEvent {}
}
