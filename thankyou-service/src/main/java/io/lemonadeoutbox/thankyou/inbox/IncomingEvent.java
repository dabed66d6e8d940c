package io.lemonadeoutbox.thankyou.inbox;

import io.lemonadeoutbox.api.StorableText;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * One record of lemonade.sales, parsed: the headers that matter to this service plus the payload. The event id is
 * the inbox's primary key, so it is bounded well inside PostgreSQL's limit for an index row (2704 bytes).
 */
public record IncomingEvent(
        @Size(max = IncomingEvent.MAX_EVENT_ID_LENGTH) @StorableText String eventId,
        String type,
        String revision,
        String aggregateId,
        Long sequence,
        Instant timestamp,
        SalesEvent payload) {

    public static final int MAX_EVENT_ID_LENGTH = 255;
}
