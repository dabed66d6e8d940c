package io.lemonadeoutbox.thankyou.inbox;

import java.time.Instant;

/** One record of lemonade.sales, parsed: the headers that matter to this service plus the payload. */
public record IncomingEvent(
        String eventId,
        String type,
        String revision,
        String aggregateId,
        Long sequence,
        Instant timestamp,
        SalesEvent payload) {
}
