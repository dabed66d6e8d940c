package io.lemonadeoutbox.lemonade.publishing.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** A value recomputed at most once per {@code freshFor}, however many gauges, probes and pages ask for it. */
final class Cached<T> {

    private final Supplier<T> compute;
    private final Duration freshFor;
    private final Clock clock;
    private T value;
    private Instant computedAt = Instant.MIN;

    Cached(Supplier<T> compute, Duration freshFor, Clock clock) {
        this.compute = compute;
        this.freshFor = freshFor;
        this.clock = clock;
    }

    synchronized T get() {
        Instant now = clock.instant();
        if (value == null || !now.isBefore(computedAt.plus(freshFor))) {
            value = compute.get();
            computedAt = now;
        }
        return value;
    }
}
