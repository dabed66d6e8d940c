package io.lemonadeoutbox.lemonade.sale;

import java.time.Instant;
import java.util.Objects;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RefundSale(@TargetAggregateIdentifier String saleId, String reason, Instant requestedAt) {

    public RefundSale {
        SaleId.requireValid(saleId);
        Objects.requireNonNull(requestedAt, "requestedAt");
        reason = SaleRules.requireText("reason", reason, SaleRules.MAX_REASON_LENGTH, true);
    }
}
