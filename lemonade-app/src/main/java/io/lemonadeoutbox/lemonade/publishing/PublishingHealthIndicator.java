package io.lemonadeoutbox.lemonade.publishing;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code publishing} in /actuator/health: DOWN while the publisher is in error (Kafka unreachable, say) or stopped,
 * since events then pile up in the store; the lag says how many. The database has Boot's own indicator.
 */
@Component
class PublishingHealthIndicator implements HealthIndicator {

    private final PublishingMonitor monitor;

    PublishingHealthIndicator(PublishingMonitor monitor) {
        this.monitor = monitor;
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
