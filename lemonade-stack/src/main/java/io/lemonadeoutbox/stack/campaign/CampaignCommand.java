package io.lemonadeoutbox.stack.campaign;

import io.lemonadeoutbox.testkit.services.ProjectLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar lemonade-stack/target/lemonade-stack.jar campaign --minutes 10 --seed 42}. */
@Command(name = "campaign", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"A randomized fault campaign on real servers: two lemonade-app (or, with --stand modulith, "
                + "two lemonade-peer) and two thankyou-service instances on embedded PostgreSQL 17 and Kafka, "
                + "operations from a seeded generator, faults from a seeded nemesis; at the end everything is healed and the whole history is checked.",
                "Exit code: 0 every check holds, 1 a check failed, 2 bad arguments, 3 the campaign could not run."})
public final class CampaignCommand implements Callable<Integer> {

    static final int DEFAULT_WORKERS = 4;

    @Option(names = "--minutes", description = "how long operations run (default 10)")
    private Integer minutes;

    @Option(names = "--seconds", description = "how long operations run, in seconds (instead of --minutes)")
    private Integer seconds;

    @Option(names = "--seed", description = "every random choice comes from it (default: a new one, printed)")
    private Long seed;

    @Option(names = "--workers", description = "concurrent clients (default " + DEFAULT_WORKERS + ")")
    private int workers = DEFAULT_WORKERS;

    @Option(names = "--unsafe", paramLabel = "SWITCH", description = {"negative control: switch one safety "
            + "mechanism off in the services, e.g. thankyou.unsafe.inbox-accepts-duplicates (repeatable). The "
            + "campaign must then report the violation that mechanism prevents."})
    private List<String> unsafe = new ArrayList<>();

    @Option(names = "--stand", description = "what runs the sales: axon (lemonade-app, the default) or modulith "
            + "(lemonade-peer, Spring Modulith's outbox; build it with " + ModulithStand.BUILD_COMMAND + ")")
    private String stand = AxonStand.NAME;

    @Option(names = "--peer-jar", description = "lemonade-peer's jar for --stand modulith (default -D"
            + ModulithStand.PEER_JAR_PROPERTY + ", else lemonade-peer/target/lemonade-peer.jar)")
    private Path peerJar;

    @Option(names = "--faults", paramLabel = "KINDS", description = {"only these fault kinds, comma separated as "
            + "the report names them, e.g. kill,broker-restart (default all; none: no faults; an unknown name lists the known ones)"})
    private String faults = "all";

    @Option(names = "--report-dir", description = "where report.txt, timeline.html and services.log go "
            + "(default lemonade-stack/target/campaign/seed-<seed>)")
    private Path reportDirectory;

    @Override
    public Integer call() {
        CampaignSettings settings;
        try {
            settings = settings();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        try {
            settings.stand().appJar(ProjectLayout.detect());
        } catch (IllegalStateException missingJar) {
            System.err.println("the campaign could not run: " + missingJar.getMessage());
            return 3;
        }
        try {
            return Campaign.run(settings, CampaignCommand::print);
        } catch (Exception e) {
            System.err.println("the campaign could not run: " + e);
            e.printStackTrace();
            return 3;
        }
    }

    CampaignSettings settings() {
        if (minutes != null && seconds != null) {
            throw new IllegalArgumentException("give --minutes or --seconds, not both");
        }
        Duration duration = seconds != null ? Duration.ofSeconds(seconds)
                : Duration.ofMinutes(minutes != null ? minutes : 10);
        long chosenSeed = seed != null ? seed : Math.abs(System.nanoTime() % 1_000_000);
        Stand chosenStand = Stand.named(stand, peerJar);
        Set<Fault.Kind> kinds = CampaignSettings.parseFaults(faults);
        String faultsPart = kinds.equals(CampaignSettings.allFaults()) ? ""
                : "-" + (kinds.isEmpty() ? "none" : kinds.stream().sorted().map(CampaignSettings::optionName)
                        .collect(Collectors.joining("+")));
        Path directory = reportDirectory != null ? reportDirectory
                : ProjectLayout.detect().root().resolve("lemonade-stack").resolve("target").resolve("campaign")
                        .resolve("seed-" + chosenSeed + (chosenStand.name().equals(AxonStand.NAME) ? ""
                                : "-" + chosenStand.name()) + faultsPart
                                + (unsafe.isEmpty() ? "" : "-negative-control"));
        return new CampaignSettings(duration, chosenSeed, unsafe, directory, workers, chosenStand, kinds);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new CampaignCommand()).execute(args));
    }

    private static synchronized void print(String line) {
        System.out.println(line);
    }
}
