package io.lemonadeoutbox.bench;

import io.lemonadeoutbox.infra.Infrastructure;
import io.lemonadeoutbox.testkit.SalesLoad;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What every phase of one run shares: the servers, the pipeline under test, the load, the meters and the report,
 * and the few things every phase does the same way (wait for the cards, read end-to-end timestamps, CPU per sale).
 */
final class BenchRun implements AutoCloseable {

    static final String BROKER = "Kafka broker (threads of the bench JVM)";
    static final String RAW_THREADS = "raw pipeline (threads of the bench JVM)";

    final BenchSettings settings;
    final Report report;
    final Infrastructure infrastructure;
    final PipelineUnderTest pipeline;
    final PipelineQueries databases;
    final TopicWatcher watcher;
    final Progress progress;
    final CpuMeter cpu;
    final MemoryMeter memory;
    final BenchLoad load;
    final long origin;
    final List<Map<String, Object>> phases = new ArrayList<>();
    /** Median accepted sales/s of each closed-model concurrency, filled by {@link ClosedSweep}. */
    final Map<Integer, Spread> sustained = new LinkedHashMap<>();
    /** Raw pipeline sales/s at each concurrency, filled by {@link RawSweep}. */
    final Map<Integer, Spread> rawPipeline = new LinkedHashMap<>();
    Spread rawAppends = Spread.NONE;
    /** The report's fact the audit goes to ("audit" for the first pipeline, "audit &lt;name&gt;" for the others). */
    String auditFact = "audit";
    /** The closed-model repetitions of each concurrency and the backlog drains, for the side-by-side table. */
    final Map<Integer, List<Repetition>> closedRepetitions = new LinkedHashMap<>();
    final List<EndToEnd> drains = new ArrayList<>();
    final List<Map<String, Double>> drainCpu = new ArrayList<>();
    final List<Long> drainUnacknowledgedPeak = new ArrayList<>();

    BenchRun(BenchSettings settings, Report report, Infrastructure infrastructure, PipelineUnderTest pipeline,
             PipelineQueries databases, TopicWatcher watcher, Progress progress, CpuMeter cpu, MemoryMeter memory,
             BenchLoad load, long origin) {
        this.settings = settings;
        this.report = report;
        this.infrastructure = infrastructure;
        this.pipeline = pipeline;
        this.databases = databases;
        this.watcher = watcher;
        this.progress = progress;
        this.cpu = cpu;
        this.memory = memory;
        this.load = load;
        this.origin = origin;
    }

    /** One closed-model repetition through the pipeline, with what it cost. */
    record Repetition(SalesLoad.Result load, EndToEnd e2e, Map<String, Double> cpuPerSale, double drainSeconds,
                      long lagAtEnd) {
        double stackCpuPerSale() {
            return cpuPerSale.entrySet().stream().filter(e -> !e.getKey().startsWith("bench JVM"))
                    .mapToDouble(Map.Entry::getValue).sum();
        }
    }

    Repetition closed(String phase, int clients, Duration duration) throws Exception {
        CpuMeter.Snapshot before = cpu.snapshot();
        SalesLoad.Result result = load.closed(phase, clients, duration, progress);
        markPhase(phase, result.startMillis());
        // re-sends (a Kafka restart re-sends what the token had not passed) make the topic longer than the store
        long lag = Math.max(0, databases.eventsInStore() - watcher.records());
        Duration drain = awaitCards(phase);
        CpuMeter.Snapshot after = cpu.snapshot();
        EndToEnd e2e = endToEnd(phase);
        return new Repetition(result, e2e, CpuMeter.perUnit(before, after, e2e.sales()), drain.toMillis() / 1000.0,
                lag);
    }

    /** Stops this pipeline's meters and connections (the pipeline itself is stopped by its owner). */
    @Override
    public void close() throws Exception {
        progress.close();
        watcher.close();
        databases.close();
    }

    /** The process that takes the sales (lemonade-app, lemonade-peer): the first of the pipeline's processes. */
    String stand() {
        return pipeline.processes().keySet().iterator().next();
    }

    /** Waits until every sale of the phase recorded by the pipeline has a card; returns how long that took. */
    Duration awaitCards(String phase) throws Exception {
        long start = System.nanoTime();
        long deadline = start + settings.drainTimeout().toNanos();
        int sales = databases.soldAt(phase).size();
        while (databases.cards(phase) < sales) {
            if (System.nanoTime() > deadline) {
                Bench.say("WARNING: " + phase + ": only " + databases.cards(phase) + " of " + sales + " cards after "
                        + settings.drainTimeout().toSeconds() + " s; the audit will say which are missing");
                break;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    EndToEnd endToEnd(String phase) throws Exception {
        return EndToEnd.of(databases.soldAt(phase), watcher.soldAppendedAt(), databases.cardCreatedAt(phase));
    }

    /** Marks where a phase starts on the page's charts; of repeated phases only the first repetition is labelled. */
    void markPhase(String name, long startMillis) {
        if (name.matches(".*-r[2-9]\\d*$")) {
            return;
        }
        phases.add(Map.of("name", name, "startSecond", (startMillis - origin) / 1000.0));
    }

    /** Rows of CPU ms per sale for each part, and for the stack (all parts but the benchmark's own JVM). */
    void cpuRows(String section, String unit, List<Map<String, Double>> perRepetition) {
        if (perRepetition.isEmpty()) {
            return;
        }
        for (String part : perRepetition.get(0).keySet()) {
            report.row(section, "CPU ms per " + unit + ": " + part,
                    Spread.of(perRepetition.stream().map(m -> m.get(part)).toList()), "ms");
        }
        report.row(section, "CPU ms per " + unit + ": whole stack (both services, broker, PostgreSQL)",
                Spread.of(perRepetition.stream().map(m -> m.entrySet().stream()
                        .filter(e -> !e.getKey().startsWith("bench JVM"))
                        .mapToDouble(Map.Entry::getValue).sum()).toList()), "ms");
    }

    static Spread spread(List<Repetition> reps, java.util.function.ToDoubleFunction<Repetition> figure) {
        return Spread.of(reps.stream().map(r -> figure.applyAsDouble(r)).toList());
    }
}
