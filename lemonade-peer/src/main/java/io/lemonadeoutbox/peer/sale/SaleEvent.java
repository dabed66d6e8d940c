package io.lemonadeoutbox.peer.sale;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.UUID;
import org.springframework.modulith.events.Externalized;

/**
 * What the sale publishes inside its transaction. Modulith's registry stores this whole record (JSON) with the
 * publication, so a republish after a restart sends the same event id, sequence and time again; only
 * {@link #payload()} goes on the wire as the value, the rest become the contract's headers
 * (publishing/WireContract).
 *
 * @param sequence the event's position in its sale: 0 for the sale, 1 for its refund (as Axon counts)
 */
@Externalized("lemonade.sales")
public record SaleEvent(
        UUID eventId,
        long sequence,
        Instant occurredAt,
        @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "@event")
        @JsonSubTypes({
                @JsonSubTypes.Type(value = LemonadeSold.class, name = "LemonadeSold"),
                @JsonSubTypes.Type(value = SaleRefunded.class, name = "SaleRefunded")})
        SalePayload payload) {

    public String saleId() {
        return payload.saleId();
    }
}
