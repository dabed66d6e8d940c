package io.lemonadeoutbox.stack.campaign;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One campaign: how long operations run, the seed every random choice is drawn from, the test-only unsafe switches
 * handed to the services (empty unless this is a negative control), and where the report goes.
 *
 * @param workers concurrent clients sending operations
 * @param stand   what runs: lemonade-app (axon) or lemonade-peer (modulith)
 * @param faults  the fault kinds the nemesis draws from (all of them unless {@code --faults} chose some)
 */
public record CampaignSettings(Duration duration, long seed, List<String> unsafeSwitches, Path reportDirectory,
                               int workers, Stand stand, Set<Fault.Kind> faults) {

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
        faults = Set.copyOf(faults);
        if (!stand.name().equals(AxonStand.NAME) && unsafeSwitches.stream().anyMatch(name -> name.startsWith("lemonade."))) {
            throw new IllegalArgumentException("lemonade-app's unsafe switches do not exist in the " + stand.name()
                    + " stand; only thankyou.unsafe.* switches apply there");
        }
    }

    /** The settings of every campaign before issue 15: lemonade-app, every fault kind. */
    CampaignSettings(Duration duration, long seed, List<String> unsafeSwitches, Path reportDirectory, int workers) {
        this(duration, seed, unsafeSwitches, reportDirectory, workers, new AxonStand(), allFaults());
    }

    static Set<Fault.Kind> allFaults() {
        return EnumSet.allOf(Fault.Kind.class);
    }

    /** The {@code --faults} name of a kind: {@code broker-restart}. */
    static String optionName(Fault.Kind kind) {
        return kind.name().toLowerCase().replace('_', '-');
    }

    /** {@code kill,broker-restart} as kinds; {@code all} is every kind, {@code none} no fault at all. */
    static Set<Fault.Kind> parseFaults(String list) {
        if (list.isBlank() || list.strip().equals("all")) {
            return allFaults();
        }
        if (list.strip().equals("none")) {
            return Set.of();
        }
        Set<Fault.Kind> kinds = EnumSet.noneOf(Fault.Kind.class);
        for (String name : list.split(",")) {
            String wanted = name.strip();
            kinds.add(Arrays.stream(Fault.Kind.values()).filter(kind -> optionName(kind).equals(wanted)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown fault kind " + wanted + " (known: all, "
                            + Arrays.stream(Fault.Kind.values()).map(CampaignSettings::optionName)
                            .collect(Collectors.joining(", ")) + ")")));
        }
        return kinds;
    }

    /** The {@code --faults} value that chooses these kinds. */
    String faultsOption() {
        return allFaultKinds() ? "all" : faults.isEmpty() ? "none"
                : faults.stream().sorted().map(CampaignSettings::optionName).collect(Collectors.joining(","));
    }

    boolean allFaultKinds() {
        return faults.equals(allFaults());
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
        command.append(" --stand ").append(stand.name());
        if (!allFaultKinds()) {
            command.append(" --faults ").append(faultsOption());
        }
        unsafeSwitches.forEach(name -> command.append(" --unsafe ").append(name));
        return command.toString();
    }
}
