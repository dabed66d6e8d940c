package io.lemonadeoutbox.stack.campaign;

import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The randomized fault campaign (Jepsen's method on this pipeline): a generator of operations, a nemesis with a
 * schedule drawn from the seed, and a checker that judges the whole history once everything is healed and quiet.
 * Exit code 0 only when every check holds.
 */
public final class Campaign {

    /** How long the pipeline may take to drain after healing before the lag check fails. */
    static final Duration QUIET_BOUND = Duration.ofMinutes(3);
    /**
     * No progress for this long means the pipeline is quiet, drained or not. Longer than a consumer group takes to
     * move a killed instance's partitions (thankyou-service's 15 s session timeout, a rebalance, and a consumer
     * restarting meanwhile): with 30 s a campaign ending in a kill was judged while its partitions still waited.
     */
    private static final Duration STILL = Duration.ofSeconds(60);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final int MEAN_SECONDS_BETWEEN_FAULTS = 6;

    private Campaign() {
    }

    /** Runs the campaign, writes the report and the timeline, and returns the exit code (0 clean, 1 not). */
    public static int run(CampaignSettings settings, Consumer<String> console) throws Exception {
        Files.createDirectories(settings.reportDirectory());
        Consumer<String> say = line -> console.accept("[campaign] " + line);
        say.accept("stand " + settings.stand().name() + ", faults " + settings.faultsOption() + ", seed "
                + settings.seed() + ", " + settings.duration().toSeconds() + " s of operations"
                + (settings.negativeControl() ? ", NEGATIVE CONTROL with " + settings.unsafeSwitches() : ""));
        try (CampaignStack stack = CampaignStack.start(settings, say)) {
            long origin = System.currentTimeMillis();
            History history = new History(origin);
            long durationMillis = settings.duration().toMillis();
            long lastFault = Math.max(durationMillis - 20_000, durationMillis * 3 / 4);
            List<Fault> schedule = Fault.schedule(settings.seed(),
                    stack.apps().stream().map(service -> service.name()).toList(),
                    stack.consumers().stream().map(service -> service.name()).toList(),
                    Math.min(5_000, durationMillis / 10), lastFault, MEAN_SECONDS_BETWEEN_FAULTS, settings.faults());
            say.accept(schedule.size() + " faults scheduled: " + schedule.stream()
                    .collect(Collectors.groupingBy(fault -> fault.kind(), Collectors.counting())));
            Nemesis nemesis = new Nemesis(settings, stack, history);
            try (LagSampler lag = new LagSampler(stack.databases(), stack.stand().outboxEventsQuery(), history);
                 Workload workload = new Workload(settings, stack, history)) {
                lag.start();
                workload.start();
                nemesis.start(schedule, lastFault);
                long end = origin + durationMillis;
                while (System.currentTimeMillis() < end) {
                    Thread.sleep(Math.min(PROGRESS_EVERY.toMillis(), Math.max(1, end - System.currentTimeMillis())));
                    say.accept(progress(history, nemesis, lag, origin));
                }
                say.accept("operations stop; waiting for the requests in flight and the faults still running");
                List<String> stuckRequests = workload.stop();
                stuckRequests.forEach(line -> say.accept("stuck: " + line));
                List<String> unhealthy = nemesis.heal(say);
                long healed = System.currentTimeMillis();
                say.accept("healed " + (healed - end) / 1000 + " s after the operations stopped; waiting for quiet");
                long quietAfter = awaitQuiet(lag, say);
                long drained = lag.measure().orElse(-1);
                Checker.Stores stores = readStores(stack, nemesis.republished());
                List<Check> checks = new ArrayList<>(Checker.check(history.operations(), stores,
                        nemesis.poisonKeys(), nemesis.poisonKeysOnTheTopic(), stack.stand().storeName()));
                Checker.Findings findings = Checker.findings(history.operations(), stores);
                checks.add(Check.of("every request ended within twice the request timeout", settings.workers(),
                        stuckRequests));
                checks.add(Check.of("every service healthy within " + CampaignStack.STARTUP_TIMEOUT.toSeconds()
                        + " s of healing", stack.all().size(), unhealthy));
                List<String> lagOffence = new ArrayList<>();
                if (drained != 0 || quietAfter > QUIET_BOUND.toMillis()) {
                    lagOffence.add("lag " + drained + " after " + quietAfter / 1000 + " s of quiet waiting");
                }
                checks.add(Check.of("lag returned to 0 within " + QUIET_BOUND.toSeconds() + " s of healing", 1,
                        lagOffence));
                int seconds = (int) ((System.currentTimeMillis() - origin) / 1000) + 1;
                CampaignReport report = new CampaignReport(settings, history, checks, findings, lag.worst(),
                        new Drain(drained, quietAfter),
                        (int) (durationMillis / 1000), (int) ((healed - origin) / 1000), seconds,
                        lag.perSecond(seconds));
                report.write(settings.reportDirectory());
                console.accept(report.text());
                say.accept("report: " + settings.reportDirectory().resolve(CampaignReport.TEXT_FILE)
                        + ", timeline: " + settings.reportDirectory().resolve(CampaignReport.TIMELINE_FILE));
                return report.passed() ? 0 : 1;
            }
        }
    }

    private static String progress(History history, Nemesis nemesis, LagSampler lag, long origin) {
        long seconds = (System.currentTimeMillis() - origin) / 1000;
        List<Fault> active = nemesis.active();
        return String.format("%4d s: %,d ops, %d faults done, active: %s, lag %s", seconds, history.completed(),
                history.faults().size(), active.isEmpty() ? "none"
                        : active.stream().map(Fault::describe).collect(Collectors.joining(", ")),
                lag.latest() < 0 ? "unknown" : String.valueOf(lag.latest()));
    }

    /** Milliseconds until lag was 0, or until nothing moved for {@link #STILL}; bounded by {@link #QUIET_BOUND}. */
    private static long awaitQuiet(LagSampler lag, Consumer<String> say) throws InterruptedException {
        long start = System.currentTimeMillis();
        long lastValue = Long.MIN_VALUE;
        long lastChange = start;
        long lastSaid = start;
        while (System.currentTimeMillis() - start < QUIET_BOUND.toMillis()) {
            OptionalLong now = lag.measure();
            long value = now.orElse(-1);
            if (value == 0) {
                return System.currentTimeMillis() - start;
            }
            if (value != lastValue) {
                lastValue = value;
                lastChange = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - lastChange > STILL.toMillis()) {
                say.accept("lag stays at " + value + " for " + STILL.toSeconds() + " s: quiet, not drained");
                return System.currentTimeMillis() - start;
            }
            if (System.currentTimeMillis() - lastSaid > PROGRESS_EVERY.toMillis()) {
                say.accept("draining: lag " + value);
                lastSaid = System.currentTimeMillis();
            }
            Thread.sleep(500);
        }
        return System.currentTimeMillis() - start;
    }

    private static Checker.Stores readStores(CampaignStack stack, List<RepublishWindow> republished) throws SQLException, InterruptedException {
        SQLException last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                return Checker.read(stack.databases(), stack.stand(), republished);
            } catch (SQLException e) {
                last = e;
                Thread.sleep(2_000);
            }
        }
        throw last;
    }
}
