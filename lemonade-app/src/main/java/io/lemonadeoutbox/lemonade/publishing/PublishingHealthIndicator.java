package io.lemonadeoutbox.lemonade.publishing;

import java.util.List;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code publishing} in /actuator/health: DOWN while the publisher is in error (Kafka unreachable, say) or stopped,
 * since events then pile up in the store; the lag says how many. Also DOWN while a segment is claimed by no instance
 * for longer than the claim timeout ({@link SegmentClaims}). The database has Boot's own indicator.
 */
@Component
class PublishingHealthIndicator implements HealthIndicator {

    private final PublishingMonitor monitor;
    private final SegmentClaims claims;

    PublishingHealthIndicator(PublishingMonitor monitor, SegmentClaims claims) {
        this.monitor = monitor;
        this.claims = claims;
    }

    @Override
    public Health health() {
        ProcessorState processor = monitor.processorState();
        Health.Builder health = processor.isHealthy() ? Health.up() : Health.down();
        health.withDetail("processor", processor.name())
                .withDetail("state", processor.state())
                .withDetail("segments", processor.segments());
        if (!processor.errors().isEmpty()) {
            health.withDetail("errors", processor.errors());
        }
        try {
            List<Integer> unclaimed = claims.unclaimed();
            if (!unclaimed.isEmpty()) {
                health.down().withDetail("unclaimedSegments", unclaimed).withDetail("reason", "segments " + unclaimed
                        + " claimed by no instance for longer than the claim timeout (" + claims.claimTimeout()
                        + "): their events are not published. Run instances with, together, at least as many "
                        + "threads (lemonade.publishing.threads) as segments");
            }
        } catch (RuntimeException e) {
            health.withDetail("unclaimedSegments", "unknown: " + e.getClass().getSimpleName());
        }
        try {
            PublishingProgress progress = monitor.progress();
            health.withDetail("unpublishedEvents", progress.unpublishedEvents())
                    .withDetail("oldestUnpublishedSeconds", progress.oldestUnpublished().toSeconds())
                    .withDetail("headIndex", progress.headIndex())
                    .withDetail("tokenIndex", progress.tokenIndex());
        } catch (RuntimeException e) {
            // the db indicator reports the database itself; here it only means the lag is unknown
            health.withDetail("lag", "unknown: " + e.getClass().getSimpleName());
        }
        return health.build();
    }
}
