package io.lemonadeoutbox.thankyou.inbox;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/** One parked record as an operator sees it; {@code payload} and {@code headers} are kept for a retry. */
public record DeadLetter(long id, String topic, int partition, long offset, String key, String reason,
                         Instant deadLetteredAt, String resolution, Instant resolvedAt, String resolvedBy,
                         @JsonIgnore byte[] payload, @JsonIgnore String headers) {

    boolean resolved() {
        return resolution != null;
    }
}
