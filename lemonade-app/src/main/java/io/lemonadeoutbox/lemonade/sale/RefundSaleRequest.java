package io.lemonadeoutbox.lemonade.sale;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;

public record RefundSaleRequest(@Schema(example = "Too sour") @NotBlank String reason) {
}
