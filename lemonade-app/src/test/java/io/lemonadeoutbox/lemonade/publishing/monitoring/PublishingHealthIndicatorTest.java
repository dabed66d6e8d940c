package io.lemonadeoutbox.lemonade.publishing.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.lemonadeoutbox.lemonade.publishing.PublishingProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * A probe answers within the health timeout whatever the store does: a read stuck on the pool or on a slow query
 * (a restarted instance once took 71 s per probe, probes queueing behind each other) is reported as unknown.
 */
class PublishingHealthIndicatorTest {

    private static final Duration TIMEOUT = Duration.ofMillis(300);

    private final CountDownLatch storeAnswers = new CountDownLatch(1);
    private final ExecutorService probes = Executors.newFixedThreadPool(8);

    @AfterEach
    void release() {
        storeAnswers.countDown();
        probes.shutdownNow();
    }

    @Test
    void aStuckStoreReadIsReportedAsUnknownWithinTheTimeoutAndProbesDoNotQueue() throws Exception {
        PublishingHealthIndicator indicator = new PublishingHealthIndicator(new StuckMonitor(), new StuckClaims(),
                TIMEOUT);
        List<Future<Health>> answers = new java.util.ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 8; i++) {
            answers.add(probes.submit(indicator::health));
        }
        for (Future<Health> answer : answers) {
            Health health = answer.get(2, TimeUnit.SECONDS);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(String.valueOf(health.getDetails().get("lag"))).startsWith("unknown: the event store did not");
            assertThat(health.getDetails()).containsEntry("state", ProcessorState.RUNNING);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.multipliedBy(4));

        long again = System.nanoTime();
        indicator.health();
        assertThat(Duration.ofNanos(System.nanoTime() - again)).isLessThan(TIMEOUT.multipliedBy(3));
    }

    @Test
    void anAnsweringStoreIsReported() {
        storeAnswers.countDown();
        Health health = new PublishingHealthIndicator(new StuckMonitor(), new StuckClaims(), TIMEOUT).health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("unclaimedSegments", List.of(1))
                .containsEntry("unpublishedEvents", 3L);
    }

    private void awaitStore() {
        try {
            storeAnswers.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private final class StuckMonitor extends PublishingMonitor {
        StuckMonitor() {
            super(null, null, null, Clock.systemUTC());
        }

        @Override
        public ProcessorState processorState() {
            return new ProcessorState(PublishingProperties.PROCESSOR, ProcessorState.RUNNING, List.of(), 2, false,
                    new TreeSet<>());
        }

        @Override
        public PublishingProgress progress() {
            awaitStore();
            return new PublishingProgress(10, 7, new TreeSet<>(), 3, Duration.ofSeconds(1));
        }
    }

    private final class StuckClaims extends SegmentClaims {
        StuckClaims() {
            super(null, Clock.systemUTC(), Duration.ofSeconds(10));
        }

        @Override
        List<Integer> unclaimed() {
            awaitStore();
            return List.of(1);
        }
    }
}
