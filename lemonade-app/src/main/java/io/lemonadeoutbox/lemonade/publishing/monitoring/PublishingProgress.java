package io.lemonadeoutbox.lemonade.publishing.monitoring;

import java.time.Duration;
import java.util.SortedSet;

/**
 * How far the publisher is behind the event store, at one moment.
 *
 * @param headIndex          the highest global index in the event store; -1 when it is empty
 * @param tokenIndex         the publisher's committed token position; -1 before it published anything
 * @param gaps               indexes at or below the token the publisher has not seen yet (uncommitted or rolled back)
 * @param unpublishedEvents  events that exist and are above the token or in its gaps
 * @param oldestUnpublished  age of the lowest unpublished event; zero when there is none
 */
record PublishingProgress(long headIndex, long tokenIndex, SortedSet<Long> gaps, long unpublishedEvents,
                          Duration oldestUnpublished) {

    public PublishingProgress {
        gaps = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(gaps));
    }

    /** Kafka acknowledged it: at or below the committed token and not one of the token's gaps. */
    public boolean isPublished(long globalIndex) {
        return globalIndex <= tokenIndex && !gaps.contains(globalIndex);
    }
}
