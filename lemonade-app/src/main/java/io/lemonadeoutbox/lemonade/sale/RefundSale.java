package io.lemonadeoutbox.lemonade.sale;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RefundSale(@TargetAggregateIdentifier String saleId, String reason, Instant requestedAt) {

    static final int MAX_REASON_LENGTH = 500;

    public RefundSale {
        SaleId.requireValid(saleId);
        Objects.requireNonNull(requestedAt, "requestedAt");
        if (reason == null || reason.isBlank()) {
            throw new InvalidSaleException("reason", "must not be blank");
        }
        if (reason.length() > MAX_REASON_LENGTH) {
            throw new InvalidSaleException("reason", "must be at most " + MAX_REASON_LENGTH + " characters");
        }
        reason = reason.strip();
    }
}
