package io.lemonadeoutbox.peer.sale;

import jakarta.validation.constraints.NotBlank;

public record RefundSaleRequest(@NotBlank String reason) {

    static final int MAX_REASON_LENGTH = 500;

    String validReason() {
        if (reason.length() > MAX_REASON_LENGTH) {
            throw new InvalidSaleException("reason", "must be at most " + MAX_REASON_LENGTH + " characters");
        }
        return reason.strip();
    }
}
