package io.lemonadeoutbox.lemonade.sale;

import io.lemonadeoutbox.api.StorableText;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record RefundSaleRequest(
        @Schema(example = "Too sour", description = "free text: tab and line breaks allowed, no other control "
                + "character, unpaired surrogate or noncharacter")
        @NotBlank @Size(max = SaleRules.MAX_REASON_LENGTH) @StorableText(lineBreaks = true) String reason) {
}
