package io.lemonadeoutbox.stack.campaign;

/**
 * How the pipeline drained once everything was healed.
 *
 * @param lagAfter     the lag when the wait ended (0: drained; -1: could not be measured)
 * @param waitedMillis how long the campaign waited for it
 */
record Drain(long lagAfter, long waitedMillis) {

    String describe() {
        return lagAfter == 0
                ? String.format("after healing 0 within %.1f s", waitedMillis / 1000.0)
                : String.format("after healing still %s after %.1f s of waiting", lagAfter < 0 ? "unmeasured"
                        : String.valueOf(lagAfter), waitedMillis / 1000.0);
    }
}
