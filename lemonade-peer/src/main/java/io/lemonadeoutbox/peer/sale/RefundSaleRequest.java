package io.lemonadeoutbox.peer.sale;

import io.lemonadeoutbox.api.StorableText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** lemonade-app's rule for a refund reason: free text with tab and line breaks, at most 500 units, storable. */
public record RefundSaleRequest(
        @NotBlank @Size(max = RefundSaleRequest.MAX_REASON_LENGTH) @StorableText(lineBreaks = true) String reason) {

    static final int MAX_REASON_LENGTH = 500;

    String validReason() {
        return reason.strip();
    }
}
