package io.lemonadeoutbox.thankyou.inbox;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** One parked record as an operator sees it; {@code payload} and {@code headers} are kept for a retry. */
public record DeadLetter(long id, String topic, int partition, long offset, String key, String reason,
                         Instant deadLetteredAt, String resolution, Instant resolvedAt, String resolvedBy,
                         @JsonIgnore byte[] payload, @JsonIgnore String headers) {

    /** The parked record's value as an operator reads it: UTF-8 text (bytes that are not UTF-8 show as U+FFFD). */
    @JsonProperty("record")
    public String recordText() {
        return payload == null ? null : new String(payload, StandardCharsets.UTF_8);
    }

    boolean resolved() {
        return resolution != null;
    }
}
