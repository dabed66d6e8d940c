package io.lemonadeoutbox.lemonade.sale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Reads a stored {@code LemonadeSold} of revision 1 as revision 2: every sale before flavours existed was classic.
 * The stored row is never rewritten; this runs whenever the event store reads it (aggregate loading, the publishing
 * processor, the republisher), so what goes on the wire is revision 2. {@code lemonade.unsafe.no-upcaster=true}
 * leaves it out, for the negative control of {@code RevisionOneHistoryIT} only.
 */
@Component
@ConditionalOnProperty(name = "lemonade.unsafe.no-upcaster", havingValue = "false", matchIfMissing = true)
@Order(1)
public class LemonadeSoldUpcaster extends SingleEventUpcaster {

    static final SimpleSerializedType REVISION_1 = new SimpleSerializedType(LemonadeSold.class.getName(), "1");
    static final String REVISION_2 = "2";

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation stored) {
        return stored.getType().equals(REVISION_1);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation stored) {
        return stored.upcastPayload(new SimpleSerializedType(REVISION_1.getName(), REVISION_2), JsonNode.class,
                payload -> {
                    ObjectNode sold = ((ObjectNode) payload).deepCopy();
                    if (!sold.hasNonNull("flavour")) {
                        sold.put("flavour", Flavour.CLASSIC);
                    }
                    return sold;
                });
    }
}
