package io.lemonadeoutbox.lemonade.publishing.monitoring;

import io.lemonadeoutbox.lemonade.publishing.PublishingProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which of the publishing processor's segments no instance publishes. An owner refreshes its claim in
 * {@code token_entry} at every batch, and about once a second while idle; a segment whose claim is older than twice
 * the claim timeout (released, or its owner gone, and taken over by nobody within a claim timeout) is published by no
 * instance: a lone instance with fewer threads than segments, or every instance that could take it over is full.
 * Read from the token store, so it is the same on every instance, however many there are.
 */
@Component
class SegmentClaims {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration claimTimeout;

    SegmentClaims(JdbcClient jdbc, Clock clock,
                  @Value("${axon.eventhandling.tokenstore.claim-timeout:10s}") Duration claimTimeout) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.claimTimeout = claimTimeout;
    }

    Duration claimTimeout() {
        return claimTimeout;
    }

    /** The segments claimed by no instance for longer than the claim timeout, after a claim timeout to take over. */
    List<Integer> unclaimed() {
        Instant abandonedBefore = clock.instant().minus(claimTimeout.multipliedBy(2));
        return jdbc.sql("select segment, timestamp from token_entry where processor_name = ? order by segment")
                .params(PublishingProperties.PROCESSOR)
                .query((row, n) -> Instant.parse(row.getString("timestamp")).isBefore(abandonedBefore)
                        ? row.getInt("segment") : null)
                .list().stream().filter(segment -> segment != null).toList();
    }
}
