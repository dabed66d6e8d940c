package io.lemonadeoutbox.lemonade.sale;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

public record SellLemonadeRequest(
        @Schema(description = "optional; supply it to make a retried POST idempotent", example = "sale-0001")
        @Pattern(regexp = SaleId.PATTERN) String saleId,
        @Schema(example = "Ada Lovelace") @NotBlank String customerName,
        @Schema(example = "ada@example.com") @NotBlank String customerEmail,
        @Schema(example = "2", minimum = "1", maximum = "20") @NotNull Integer cups) {
}
