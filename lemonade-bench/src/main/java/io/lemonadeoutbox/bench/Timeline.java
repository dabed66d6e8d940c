package io.lemonadeoutbox.bench;

import java.util.concurrent.atomic.AtomicLongArray;

/** Counts per second since the run began; the client's own view of accepted sales. */
final class Timeline {

    private static final int SECONDS = 3600;

    private final long originMillis;
    private final AtomicLongArray accepted = new AtomicLongArray(SECONDS);

    Timeline(long originMillis) {
        this.originMillis = originMillis;
    }

    long originMillis() {
        return originMillis;
    }

    void accepted() {
        int second = (int) ((System.currentTimeMillis() - originMillis) / 1000);
        if (second >= 0 && second < SECONDS) {
            accepted.incrementAndGet(second);
        }
    }

    long[] acceptedPerSecond(int seconds) {
        long[] out = new long[Math.min(seconds, SECONDS)];
        for (int i = 0; i < out.length; i++) {
            out[i] = accepted.get(i);
        }
        return out;
    }
}
