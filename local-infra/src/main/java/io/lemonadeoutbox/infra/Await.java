package io.lemonadeoutbox.infra;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a readiness check of a server we just started (production code has no Awaitility). */
final class Await {

    private Await() {
    }

    static void until(String what, Duration timeout, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " was not ready within " + timeout);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }
}
