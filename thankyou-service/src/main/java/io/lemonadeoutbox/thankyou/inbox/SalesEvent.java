package io.lemonadeoutbox.thankyou.inbox;

import io.lemonadeoutbox.api.StorableText;
import io.lemonadeoutbox.thankyou.card.Card;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * The payloads of topic lemonade.sales, every revision that can arrive, as this service reads them (see contract/lemonade.sales):
 * {@link WireContract} binds the JSON into these records and checks their constraints. Every text this service stores
 * must be {@link StorableText} and fit the contract's maximum length, or the record is a poison record.
 */
public sealed interface SalesEvent {

    int MAX_SALE_ID_LENGTH = Card.MAX_SALE_ID_LENGTH;
    int MAX_NAME_LENGTH = 100;
    int MAX_EMAIL_LENGTH = 254;
    int MAX_REASON_LENGTH = 500;
    int MAX_FLAVOUR_LENGTH = 40;
    String CLASSIC = "classic";

    String saleId();

    record Customer(
            @NotNull(message = "is missing") @NotBlank(message = "must be a non-blank string")
            @Size(max = MAX_NAME_LENGTH) @StorableText String name,
            @NotNull(message = "is missing") @NotBlank(message = "must be a non-blank string")
            @Size(max = MAX_EMAIL_LENGTH) @StorableText String email) {}

    record Money(
            @NotNull(message = "is missing") Long cents,
            @NotNull(message = "is missing") @NotBlank(message = "must be a non-blank string") String currency) {}

    /** Revision 2: what the card is written from. Revision 1 is read as {@link LemonadeSoldRevision1}. */
    record LemonadeSold(
            @NotNull(message = "is missing") @NotBlank(message = "must be a non-blank string")
            @Size(max = MAX_SALE_ID_LENGTH) @StorableText String saleId,
            @NotNull(message = "is missing") @Valid Customer customer,
            @NotNull(message = "is missing") @Positive(message = "must be a positive whole number") Integer cups,
            @NotNull(message = "is missing") @Valid Money unitPrice,
            @NotNull(message = "is missing") @Valid Money total,
            @NotNull(message = "is missing") Instant soldAt,
            @NotNull(message = "is missing") @NotBlank(message = "must be a non-blank string")
            @Size(max = MAX_FLAVOUR_LENGTH) @StorableText String flavour)
            implements SalesEvent {}

    /**
     * Revision 1, from before sales had a flavour. The contract says what it means: every such sale was
     * {@link #CLASSIC}, so a card is the same whichever revision of the sale arrives first.
     */
    record LemonadeSoldRevision1(
            @NotNull(message = "is missing") @NotBlank(message = "must be a non-blank string")
            @Size(max = MAX_SALE_ID_LENGTH) @StorableText String saleId,
            @NotNull(message = "is missing") @Valid Customer customer,
            @NotNull(message = "is missing") @Positive(message = "must be a positive whole number") Integer cups,
            @NotNull(message = "is missing") @Valid Money unitPrice,
            @NotNull(message = "is missing") @Valid Money total,
            @NotNull(message = "is missing") Instant soldAt) {

        LemonadeSold asRevision2() {
            return new LemonadeSold(saleId, customer, cups, unitPrice, total, soldAt, CLASSIC);
        }
    }

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
