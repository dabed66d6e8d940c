package io.lemonadeoutbox.api;

import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;

/**
 * Test-only switches that turn one safety mechanism off, so that a negative control can show the loss the mechanism
 * prevents. A switch is any property whose name contains {@code .unsafe.} (for example
 * {@code thankyou.unsafe.inbox-accepts-duplicates=true}). A service refuses to start with one switched on unless the
 * environment variable {@value #PERMIT} is {@value #PERMIT_VALUE}, which only the project's tests and the fault
 * campaign's negative controls set; when it starts with one, it says so at ERROR level.
 */
@AutoConfiguration
public class UnsafeSwitches {

    public static final String PERMIT = "LEMONADE_UNSAFE_SWITCHES";
    public static final String PERMIT_VALUE = "negative-control";
    private static final Logger log = LoggerFactory.getLogger(UnsafeSwitches.class);

    private final List<String> on;

    UnsafeSwitches(ConfigurableEnvironment environment) {
        this.on = checked(environment, System.getenv(PERMIT));
    }

    static List<String> checked(ConfigurableEnvironment environment, String permit) {
        List<String> on = switchesOn(environment);
        if (on.isEmpty()) {
            return on;
        }
        if (!PERMIT_VALUE.equals(permit)) {
            throw new IllegalStateException("refusing to start: " + String.join(", ", on) + " switches a safety "
                    + "mechanism off and can lose or duplicate cards. It exists only for negative-control tests, "
                    + "which also set the environment variable " + PERMIT + "=" + PERMIT_VALUE + ". Remove it.");
        }
        on.forEach(name -> log.error("UNSAFE: {} is on. This instance can lose or duplicate cards: it runs only as "
                + "a negative control", name));
        return on;
    }

    /** The switches that are on, by property name; empty in every real deployment. */
    public List<String> on() {
        return on;
    }

    private static List<String> switchesOn(ConfigurableEnvironment environment) {
        return environment.getPropertySources().stream()
                .filter(EnumerablePropertySource.class::isInstance)
                .flatMap(source -> Stream.of(((EnumerablePropertySource<?>) source).getPropertyNames()))
                .filter(name -> name.contains(".unsafe."))
                .distinct()
                .filter(name -> Boolean.parseBoolean(environment.getProperty(name)))
                .sorted()
                .toList();
    }
}
