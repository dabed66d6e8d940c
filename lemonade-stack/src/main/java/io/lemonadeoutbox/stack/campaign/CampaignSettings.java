package io.lemonadeoutbox.stack.campaign;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One campaign: how long operations run, the seed every random choice is drawn from, the test-only unsafe switches
 * handed to the services (empty unless this is a negative control), and where the report goes.
 *
 * @param workers concurrent clients sending operations
 */
public record CampaignSettings(Duration duration, long seed, List<String> unsafeSwitches, Path reportDirectory,
                               int workers) {

    /** What {@code api-conventions}' UnsafeSwitches wants in a child's environment before it honours a switch. */
    public static final String PERMIT_VARIABLE = "LEMONADE_UNSAFE_SWITCHES";
    public static final String PERMIT_VALUE = "negative-control";

    public CampaignSettings {
        if (duration.compareTo(Duration.ofSeconds(20)) < 0) {
            throw new IllegalArgumentException("a campaign runs at least 20 seconds, was " + duration.toSeconds());
        }
        unsafeSwitches = List.copyOf(unsafeSwitches);
        for (String name : unsafeSwitches) {
            if (!name.matches("(lemonade|thankyou)\\.unsafe\\.[a-z-]+")) {
                throw new IllegalArgumentException("an unsafe switch is lemonade.unsafe.<name> or thankyou.unsafe.<name>,"
                        + " was " + name);
            }
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
    }

    public boolean negativeControl() {
        return !unsafeSwitches.isEmpty();
    }

    /** The switches one service gets as Spring Boot arguments: those named after it ({@code lemonade.} or {@code thankyou.}). */
    List<String> switchArgs(String prefix) {
        return unsafeSwitches.stream().filter(name -> name.startsWith(prefix + ".")).map(name -> "--" + name + "=true")
                .toList();
    }

    /** The exact command that runs this campaign again. */
    String rerunCommand() {
        StringBuilder command = new StringBuilder("java -jar lemonade-stack/target/lemonade-stack.jar campaign");
        if (duration.toSeconds() % 60 == 0) {
            command.append(" --minutes ").append(duration.toMinutes());
        } else {
            command.append(" --seconds ").append(duration.toSeconds());
        }
        command.append(" --seed ").append(seed);
        if (workers != CampaignCommand.DEFAULT_WORKERS) {
            command.append(" --workers ").append(workers);
        }
        unsafeSwitches.forEach(name -> command.append(" --unsafe ").append(name));
        return command.toString();
    }
}
