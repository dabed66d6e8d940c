package io.lemonadeoutbox.stack.endtoend;

import io.lemonadeoutbox.stack.LemonadeStackExtension;
import java.util.Arrays;
import java.util.List;

/**
 * The stack for a fault test. {@code -Dlemonade.fault.lemonade-app-args="--a=b --c=d"} adds lemonade-app settings:
 * that is how a fault test is shown to fail when the mechanism it tests is switched off, e.g.
 * {@code --axon.kafka.publisher.confirmation-mode=none}.
 */
final class FaultStack {

    static final String EXTRA_ARGS = "lemonade.fault.lemonade-app-args";

    private FaultStack() {
    }

    /** For a static {@code @RegisterExtension} field: a {@link LemonadeStackExtension} with the extra settings. */
    static LemonadeStackExtension extension() {
        return new LemonadeStackExtension(FaultStack::extraLemonadeAppArgs);
    }

    static List<String> extraLemonadeAppArgs() {
        String given = System.getProperty(EXTRA_ARGS, "").strip();
        if (!given.isEmpty()) {
            System.out.println("fault test: lemonade-app gets the extra settings " + given);
        }
        return given.isEmpty() ? List.of() : Arrays.asList(given.split("\\s+"));
    }
}
