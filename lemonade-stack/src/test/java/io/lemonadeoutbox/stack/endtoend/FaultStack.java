package io.lemonadeoutbox.stack.endtoend;

import io.lemonadeoutbox.stack.LemonadeStackExtension;
import java.util.Arrays;
import java.util.List;

/**
 * The stack for a fault test. {@code -Dlemonade.fault.lemonade-app-args="--a=b --c=d"} adds lemonade-app settings and
 * {@code -Dlemonade.fault.thankyou-service-args=...} thankyou-service settings (every instance): that is how a fault
 * test is shown to fail when the mechanism it tests is switched off, e.g.
 * {@code --lemonade.unsafe.skip-ack-wait=true} or {@code --thankyou.unsafe.inbox-accepts-duplicates=true}.
 * A {@code .unsafe.} switch among them is permitted in that child JVM only
 * ({@link io.lemonadeoutbox.stack.RunningStack} sets the negative-control environment variable for it).
 */
public final class FaultStack {

    public static final String EXTRA_ARGS = "lemonade.fault.lemonade-app-args";
    public static final String EXTRA_THANKYOU_ARGS = "lemonade.fault.thankyou-service-args";

    private FaultStack() {
    }

    /** For a static {@code @RegisterExtension} field: a {@link LemonadeStackExtension} with the extra settings. */
    public static LemonadeStackExtension extension() {
        return new LemonadeStackExtension(FaultStack::extraLemonadeAppArgs, FaultStack::extraThankyouServiceArgs);
    }

    public static List<String> extraLemonadeAppArgs() {
        return extraArgs(EXTRA_ARGS, "lemonade-app");
    }

    public static List<String> extraThankyouServiceArgs() {
        return extraArgs(EXTRA_THANKYOU_ARGS, "thankyou-service");
    }

    private static List<String> extraArgs(String property, String service) {
        String given = System.getProperty(property, "").strip();
        if (!given.isEmpty()) {
            System.out.println("fault test: " + service + " gets the extra settings " + given);
        }
        return given.isEmpty() ? List.of() : Arrays.asList(given.split("\\s+"));
    }
}
