package io.lemonadeoutbox.lemonade.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The start-up rules against a model of the timeline they protect. The model (all times in milliseconds on
 * PostgreSQL's clock) holds only what PostgreSQL and the append check guarantee: the gap's transaction took its index
 * at {@code a} and ends by {@code a + T}; an event above it took its index after {@code a}, at most {@code M} after
 * its timestamp; the reader's clock is at most {@code M} off PostgreSQL's, and it decides on rows of a snapshot taken
 * at most {@code T} earlier (its own read transaction is bounded by T too). Axon gives the gap up when the reader's
 * clock minus the gap timeout reaches the event's timestamp. The gap is lost if that happens on a snapshot taken
 * before the gap's transaction ended.
 */
class PublishingLimitsTest {

    private static final long SEED = Long.getLong("lemonade.test.seed", System.nanoTime());

    @Test
    void whateverTheScheduleSettingsTheCheckAcceptsNeverGiveUpAGapThatCanStillBeFilled() {
        Random random = new Random(SEED);
        int accepted = 0;
        int rejectedAndLosable = 0;
        for (int run = 0; run < 20_000; run++) {
            long t = 2 + random.nextInt(120_000);
            long m = random.nextInt(10_000);
            long g = random.nextInt(300_000);
            PublishingLimits limits = limits(g, m, t, 0);
            boolean gapRulesHold = limits.gapViolations().isEmpty();
            boolean worstCaseLoses = worstCaseLoses(g, m, t);
            assertThat(gapRulesHold && worstCaseLoses)
                    .as("seed %d: gap timeout %d ms, margin %d ms, transaction_timeout %d ms accepted but a gap can be "
                            + "lost", SEED, g, m, t).isFalse();
            for (int schedule = 0; schedule < 5 && gapRulesHold; schedule++) {
                assertThat(randomScheduleLoses(random, g, m, t)).as("seed %d", SEED).isFalse();
            }
            accepted += gapRulesHold ? 1 : 0;
            rejectedAndLosable += !gapRulesHold && worstCaseLoses ? 1 : 0;
            // milliseconds make the model's bound 2 ms lower than the continuous one the check applies
            boolean clearlyBelowTheBound = g < 2 * t + 2 * m - 2;
            assertThat(gapRulesHold || worstCaseLoses || !clearlyBelowTheBound)
                    .as("seed %d: the check refuses settings no schedule can lose with (g %d, m %d, t %d)",
                            SEED, g, m, t).isTrue();
        }
        System.out.printf("seed %d: %d settings accepted, %d refused (each with a losing schedule)%n",
                SEED, accepted, rejectedAndLosable);
        assertThat(accepted).isPositive();
        assertThat(rejectedAndLosable).isPositive();
    }

    @Test
    void theDefaultsAreInOrderAndEachRuleNamesItsSetting() {
        assertThat(limits(75_000, 5_000, 30_000, 0).violations()).isEmpty();
        assertThat(limits(60_000, 5_000, 30_000, 0).gapViolations()).singleElement().asString()
                .contains("lemonade.publishing.gap-timeout").contains("at least PT1M10S");
        assertThat(limits(75_000, 5_000, 0, 0).gapViolations()).singleElement().asString()
                .contains("transaction_timeout is 0");
        assertThat(limits(75_000, 5_000, 30_000, 6_000).gapViolations()).singleElement().asString()
                .contains("clock").contains("lemonade.publishing.clock-skew-margin");
        PublishingLimits distance = new PublishingLimits(Duration.ofSeconds(75), 10_000, 1, Duration.ofSeconds(5),
                Duration.ZERO, Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofSeconds(5), Duration.ZERO, Duration.ofSeconds(5));
        assertThat(distance.gapViolations()).singleElement().asString().contains("maxGapOffset is 10000");
    }

    @Test
    void theProducersTimeoutsComposeWithTheAckTimeoutAndTheTransactionTimeout() {
        assertThat(timeouts(10_000, 10_000, 5_000, 0, 5_000, 30_000)).isEmpty();
        assertThat(timeouts(10_000, 120_000, 30_000, 0, 5_000, 30_000))
                .anyMatch(v -> v.contains("delivery.timeout.ms] is 120000 but must be at most lemonade.publishing.ack-timeout"));
        assertThat(timeouts(10_000, 10_000, 30_000, 5, 5_000, 30_000))
                .singleElement().asString().contains("at least linger.ms + request.timeout.ms (30005)");
        assertThat(timeouts(20_000, 10_000, 5_000, 0, 5_000, 30_000))
                .singleElement().asString().contains("lemonade.publishing.ack-timeout PT20S").contains("outlive");
        assertThat(timeouts(10_000, 10_000, 5_000, 0, 5_000, 0)).as("no transaction_timeout: the gap rule says so")
                .isEmpty();
    }

    /**
     * The schedule that loses first: the event's index right after the gap's, the gap's transaction open for the
     * whole transaction_timeout, the snapshot taken just before it ends, every other bound at its limit.
     */
    private static boolean worstCaseLoses(long g, long m, long t) {
        return loses(g, 1, m, t, m, t - 1, t);
    }

    private static boolean randomScheduleLoses(Random random, long g, long m, long t) {
        long eventIndexTaken = 1 + random.nextInt((int) t);
        return loses(g, eventIndexTaken, random.nextInt((int) m + 1), random.nextInt((int) t + 1),
                random.nextInt((int) (2 * m + 1)) - m, eventIndexTaken + random.nextInt((int) t + 1),
                random.nextInt((int) t + 1));
    }

    /**
     * The gap's index is taken at 0.
     *
     * @param eventIndexTaken  when the event above it took its index (after 0)
     * @param appendDelay      that time minus the event's timestamp (at most m, the append check)
     * @param gapEnds          when the gap's transaction commits or aborts (at most t, transaction_timeout)
     * @param readerAhead      the reader's clock minus PostgreSQL's (at most m either way, the start-up check)
     * @param snapshot         when the reader's snapshot is taken (it sees the event, so not before its index)
     * @param rowAfterSnapshot how long after its snapshot the reader decides on the row (at most t)
     */
    private static boolean loses(long g, long eventIndexTaken, long appendDelay, long gapEnds, long readerAhead,
                                 long snapshot, long rowAfterSnapshot) {
        long eventTimestamp = eventIndexTaken - appendDelay;
        long decision = snapshot + rowAfterSnapshot;
        boolean axonGivesTheGapUp = decision + readerAhead - g >= eventTimestamp;
        boolean snapshotMissesTheGap = snapshot >= eventIndexTaken && snapshot < gapEnds;
        return axonGivesTheGapUp && snapshotMissesTheGap;
    }

    private static PublishingLimits limits(long g, long m, long t, long offset) {
        return new PublishingLimits(Duration.ofMillis(g), Integer.MAX_VALUE, 1, Duration.ofMillis(m),
                Duration.ofMillis(offset), Duration.ofMillis(t), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofMillis(500), Duration.ZERO, Duration.ofMillis(100));
    }

    private static List<String> timeouts(long ack, long delivery, long request, long linger, long maxBlock, long t) {
        return new PublishingLimits(Duration.ofSeconds(600), Integer.MAX_VALUE, 1, Duration.ofSeconds(5),
                Duration.ZERO, Duration.ofMillis(t), Duration.ofMillis(ack), Duration.ofMillis(delivery),
                Duration.ofMillis(request), Duration.ofMillis(linger), Duration.ofMillis(maxBlock)).timeoutViolations();
    }
}
