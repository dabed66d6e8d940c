package io.lemonadeoutbox.lemonade.sale;

import io.lemonadeoutbox.api.StorableText;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Every string: a maximum length and {@link StorableText}, so what is accepted here can always become a card. */
public record SellLemonadeRequest(
        @Schema(description = "optional; supply it to make a retried POST idempotent", example = "sale-0001")
        @Pattern(regexp = SaleId.PATTERN) @Size(max = SaleId.MAX_LENGTH) @StorableText String saleId,
        @Schema(example = "Ada Lovelace", description = "one line: no control character, unpaired surrogate or "
                + "noncharacter")
        @NotBlank @Size(max = SaleRules.MAX_NAME_LENGTH) @StorableText String customerName,
        @Schema(example = "ada@example.com")
        @NotBlank @Size(max = SaleRules.MAX_EMAIL_LENGTH) @StorableText String customerEmail,
        @Schema(example = "2", minimum = "1", maximum = "20") @NotNull Integer cups,
        @Schema(description = "optional; classic when absent", example = "mint",
                allowableValues = {"classic", "mint", "ginger", "strawberry"})
        @Pattern(regexp = Flavour.PATTERN) String flavour) {
}
