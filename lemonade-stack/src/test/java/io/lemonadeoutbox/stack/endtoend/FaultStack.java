package io.lemonadeoutbox.stack.endtoend;

import io.lemonadeoutbox.stack.LemonadeStackExtension;
import java.util.Arrays;
import java.util.List;

/**
 * The stack for a fault test. {@code -Dlemonade.fault.lemonade-app-args="--a=b --c=d"} adds lemonade-app settings and
 * {@code -Dlemonade.fault.thankyou-service-args=...} thankyou-service settings (every instance): that is how a fault
 * test is shown to fail when the mechanism it tests is switched off, e.g.
 * {@code --axon.kafka.publisher.confirmation-mode=none} or {@code --thankyou.unsafe.inbox-accepts-duplicates=true}.
 * A {@code .unsafe.} switch also needs {@code LEMONADE_UNSAFE_SWITCHES=negative-control} in the environment of the
 * Maven command, which the service JVMs inherit; without it they refuse to start.
 */
final class FaultStack {

    static final String EXTRA_ARGS = "lemonade.fault.lemonade-app-args";
    static final String EXTRA_THANKYOU_ARGS = "lemonade.fault.thankyou-service-args";

    private FaultStack() {
    }

    /** For a static {@code @RegisterExtension} field: a {@link LemonadeStackExtension} with the extra settings. */
    static LemonadeStackExtension extension() {
        return new LemonadeStackExtension(FaultStack::extraLemonadeAppArgs, FaultStack::extraThankyouServiceArgs);
    }

    static List<String> extraLemonadeAppArgs() {
        return extraArgs(EXTRA_ARGS, "lemonade-app");
    }

    static List<String> extraThankyouServiceArgs() {
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
