package io.lemonadeoutbox.lemonade.publishing.monitoring;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code publishing} in /actuator/health: DOWN while the publisher is in error (Kafka unreachable, say) or stopped,
 * since events then pile up in the store; the lag says how many. Also DOWN while a segment is claimed by no instance
 * for longer than the claim timeout ({@link SegmentClaims}). The database has Boot's own indicator.
 *
 * <p>The store is read on one background thread, and a probe waits for it at most {@code health-timeout}: a read
 * stuck on the pool (30 s connection timeout) or on a slow query must not make every probe wait, nor let probes
 * queue behind each other (a restarted instance once took 71 s to answer). A probe that does not get the read in
 * time reports the processor's own state, which is in memory, and says the store's part is unknown and why.
 */
@Component
class PublishingHealthIndicator implements HealthIndicator, DisposableBean {

    private final PublishingMonitor monitor;
    private final SegmentClaims claims;
    private final Duration timeout;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "publishing-health-read");
        thread.setDaemon(true);
        return thread;
    });
    private CompletableFuture<StoreReading> inFlight;

    PublishingHealthIndicator(PublishingMonitor monitor, SegmentClaims claims,
                              @Value("${lemonade.publishing.health-timeout:1s}") Duration timeout) {
        this.monitor = monitor;
        this.claims = claims;
        this.timeout = timeout;
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
        StoreReading reading;
        try {
            reading = read().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            String unknown = "unknown: the event store did not answer within " + timeout;
            return health.withDetail("unclaimedSegments", unknown).withDetail("lag", unknown).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return health.withDetail("lag", "unknown: interrupted").build();
        } catch (ExecutionException e) {
            return health.withDetail("lag", "unknown: " + e.getCause().getClass().getSimpleName()).build();
        }
        reading.describe(health, claims.claimTimeout());
        return health.build();
    }

    /** The read in flight, or a new one: probes share one read rather than queue one each. */
    private synchronized CompletableFuture<StoreReading> read() {
        if (inFlight == null || inFlight.isDone()) {
            inFlight = CompletableFuture.supplyAsync(this::readStore, reader);
        }
        return inFlight;
    }

    private StoreReading readStore() {
        Object unclaimed;
        try {
            unclaimed = claims.unclaimed();
        } catch (RuntimeException e) {
            unclaimed = "unknown: " + e.getClass().getSimpleName();
        }
        Object progress;
        try {
            progress = monitor.progress();
        } catch (RuntimeException e) {
            // the db indicator reports the database itself; here it only means the lag is unknown
            progress = "unknown: " + e.getClass().getSimpleName();
        }
        return new StoreReading(unclaimed, progress);
    }

    @Override
    public void destroy() {
        reader.shutdownNow();
    }

    private record StoreReading(Object unclaimed, Object progress) {

        void describe(Health.Builder health, Duration claimTimeout) {
            if (unclaimed instanceof List<?> segments) {
                if (!segments.isEmpty()) {
                    health.down().withDetail("unclaimedSegments", segments).withDetail("reason", "segments "
                            + segments + " claimed by no instance for longer than the claim timeout (" + claimTimeout
                            + "): their events are not published. Run instances with, together, at least as many "
                            + "threads (lemonade.publishing.threads) as segments");
                }
            } else {
                health.withDetail("unclaimedSegments", unclaimed);
            }
            if (progress instanceof PublishingProgress p) {
                health.withDetail("unpublishedEvents", p.unpublishedEvents())
                        .withDetail("oldestUnpublishedSeconds", p.oldestUnpublished().toSeconds())
                        .withDetail("headIndex", p.headIndex())
                        .withDetail("tokenIndex", p.tokenIndex());
            } else {
                health.withDetail("lag", progress);
            }
        }
    }
}
