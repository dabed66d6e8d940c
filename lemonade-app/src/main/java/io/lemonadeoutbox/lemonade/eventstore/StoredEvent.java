package io.lemonadeoutbox.lemonade.eventstore;

import com.fasterxml.jackson.databind.JsonNode;

/** One row of the event store as an operator wants to read it. */
public record StoredEvent(long globalIndex, String eventId, String aggregateId, long sequenceNumber, String type,
                          String revision, String timestamp, JsonNode payload, JsonNode metadata) {
}
