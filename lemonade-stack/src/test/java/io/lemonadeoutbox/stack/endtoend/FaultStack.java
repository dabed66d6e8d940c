package io.lemonadeoutbox.stack.endtoend;

import io.lemonadeoutbox.stack.LemonadeStackExtension;
import java.util.Arrays;
import java.util.List;

/**
 * The stack for a fault test. {@code -Dlemonade.fault.lemonade-app-args="--a=b --c=d"} adds lemonade-app settings:
 * that is how a fault test is shown to fail when the mechanism it tests is switched off, e.g.
 * {@code --lemonade.unsafe.skip-ack-wait=true}. A {@code .unsafe.} switch among them is permitted in the child JVM
 * ({@link io.lemonadeoutbox.stack.RunningStack} sets the negative-control environment variable for it).
 */
public final class FaultStack {

    public static final String EXTRA_ARGS = "lemonade.fault.lemonade-app-args";

    private FaultStack() {
    }

    /** For a static {@code @RegisterExtension} field: a {@link LemonadeStackExtension} with the extra settings. */
    public static LemonadeStackExtension extension() {
        return new LemonadeStackExtension(FaultStack::extraLemonadeAppArgs);
    }

    public static List<String> extraLemonadeAppArgs() {
        String given = System.getProperty(EXTRA_ARGS, "").strip();
        if (!given.isEmpty()) {
            System.out.println("fault test: lemonade-app gets the extra settings " + given);
        }
        return given.isEmpty() ? List.of() : Arrays.asList(given.split("\\s+"));
    }
}
