package io.lemonadeoutbox.lemonade.eventstore;

import java.time.Duration;

/**
 * Every setting of Axon's {@code JdbcEventStorageEngine} that can make the publisher give up a gap (a global index
 * handed out to a transaction that has not committed yet), as the engine is built with them. Axon 4.13 drops a gap
 * <ul>
 * <li>by distance: once it lies more than {@code maxGapOffset} indexes below the token ({@code advanceTo}); we build
 *     the engine with {@link Integer#MAX_VALUE}, which switches that rule off;</li>
 * <li>by time: when it reads, or while cleaning (more than {@code gapCleaningThreshold} gaps), an event above the gap
 *     whose <em>timestamp</em> is older than now minus {@code gapTimeout}; the timestamp is the writer's clock when the
 *     event was created, before its insert;</li>
 * <li>below {@code lowestGlobalSequence}: no gap is ever created there (the {@code bigserial} starts at 1).</li>
 * </ul>
 * The start-up check ({@code PublishingSettingsCheck}) proves the time rule can only drop a gap that no transaction
 * can still commit into.
 *
 * @param maxGapOffset         {@link Integer#MAX_VALUE} (no distance rule) unless Axon's defaults were asked for
 * @param maxAppendDelay       the most an event's timestamp may lie behind PostgreSQL's clock after its insert; an
 *                             append that is later is rolled back ({@code BoundedAppendDelayEventStorageEngine})
 * @param axonDefaults         {@code lemonade.unsafe.axon-default-gap-rules}: Axon's own rules, for negative controls
 */
public record GapRules(Duration gapTimeout, int maxGapOffset, long lowestGlobalSequence, int gapCleaningThreshold,
                       Duration maxAppendDelay, boolean axonDefaults) {

    public static final int AXON_DEFAULT_MAX_GAP_OFFSET = 10_000;
    public static final int AXON_DEFAULT_GAP_CLEANING_THRESHOLD = 250;

    static GapRules of(Duration gapTimeout, Duration clockSkewMargin, boolean axonDefaults) {
        return new GapRules(gapTimeout, axonDefaults ? AXON_DEFAULT_MAX_GAP_OFFSET : Integer.MAX_VALUE, 1,
                AXON_DEFAULT_GAP_CLEANING_THRESHOLD, clockSkewMargin, axonDefaults);
    }

    /** Whether the distance rule is off: no gap is dropped for lying far below the token, however far. */
    public boolean noDistanceRule() {
        return maxGapOffset == Integer.MAX_VALUE;
    }
}
