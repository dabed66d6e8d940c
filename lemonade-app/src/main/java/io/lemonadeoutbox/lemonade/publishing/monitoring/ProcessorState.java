package io.lemonadeoutbox.lemonade.publishing.monitoring;

import java.util.List;
import java.util.SortedSet;

/**
 * The publishing tracking processor as it runs in this instance.
 *
 * @param state    {@value #RUNNING}, {@value #IN_ERROR} or {@value #NOT_RUNNING}
 * @param errors   one line per segment in error (the processor retries them with back-off)
 * @param segments segments this instance has claimed
 * @param gaps     the union of the gaps in the claimed segments' tokens
 */
record ProcessorState(String name, String state, List<String> errors, int segments, boolean replaying,
                      SortedSet<Long> gaps) {

    public static final String RUNNING = "running";
    public static final String IN_ERROR = "in error";
    public static final String NOT_RUNNING = "not running";

    public boolean isHealthy() {
        return RUNNING.equals(state);
    }
}
