package io.lemonadeoutbox.bench;

import io.lemonadeoutbox.infra.EmbeddedSettings;
import io.lemonadeoutbox.infra.Infrastructure;
import io.lemonadeoutbox.testkit.services.LemonadeServices;
import io.lemonadeoutbox.testkit.services.LemonadeServices.Wiring;
import io.lemonadeoutbox.testkit.services.ProjectLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One run: warm-up until stable, the machine's limits, the raw pipeline, the closed model at each concurrency, the
 * open model at fractions of the highest sustained rate, a backlog drained after Kafka comes back, configurations
 * side by side, memory, and an audit of every sale against every card. Each figure is repeated and next to its limit.
 * Run it with {@code java -jar lemonade-bench/target/lemonade-bench.jar} (see lemonade-bench/README.md).
 */
public final class Bench {

    static final String TOPIC = Wiring.STANDARD.topic();
    static final String RAW_PIPELINE_TOPIC = "bench.raw.pipeline";
    private static final List<String> NOT_BROKER = List.of("main", "progress", "memory-meter", "topic-watcher",
            RawPipeline.THREADS, "raw-append", "raw-kafka", "HttpClient", "pool-", "ForkJoinPool", "closed-",
            "warmup", "cmp-", "backlog", "open-", "kafka-producer-network-thread | bench",
            "kafka-coordinator-heartbeat-thread | bench", "kafka-coordinator-heartbeat-thread | raw",
            "kafka-admin-client", "Reference Handler", "Finalizer", "Signal Dispatcher", "Common-Cleaner",
            "Notification Thread", "Attach Listener");

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        ProjectLayout layout = ProjectLayout.detect();
        BenchSettings settings = BenchSettings.from(System.getProperties(), layout.root());
        int code = 0;
        Infrastructure infrastructure = null;
        PipelineUnderTest pipeline = null;
        PrintWriter serviceLog = null;
        MemoryMeter memory = new MemoryMeter();
        try {
            Files.createDirectories(settings.output());
            Report report = new Report();
            facts(report, settings);
            say("load average " + loadAverage() + "; output in " + settings.output());
            long origin = System.currentTimeMillis();
            long started = System.nanoTime();
            if (settings.external()) {
                infrastructure = new ExternalInfrastructure(settings.externalJdbc(), settings.externalUser(),
                        settings.externalPassword(), settings.externalKafka());
            } else {
                say("starting embedded PostgreSQL 17 (fsync on) and Kafka 3.9");
                infrastructure = Infrastructure.startEmbedded(EmbeddedSettings.throwaway());
            }
            report.fact("infrastructure", infrastructure.kind());
            String kafka = infrastructure.kafka().bootstrapServers();
            // LogAppendTime: each record carries the moment the broker appended it, the middle timestamp
            RawLimits.createTopic(kafka, TOPIC, 3, Map.of("message.timestamp.type", "LogAppendTime"));
            RawLimits.createTopic(kafka, Limits.RAW_TOPIC, 3, Map.of());
            RawLimits.createTopic(kafka, RAW_PIPELINE_TOPIC, 3, Map.of("message.timestamp.type", "LogAppendTime"));
            PrintWriter log = new PrintWriter(Files.newBufferedWriter(settings.output().resolve("services-"
                    + settings.label() + ".log")), true);
            serviceLog = log;
            List<String> names = settings.pipelines();
            List<BenchRun> runs = new java.util.ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                boolean first = i == 0;
                // each pipeline its own topic (and its own databases): sale ids repeat from one pipeline to the next
                String topic = first ? TOPIC : TOPIC + "." + name;
                if (!first) {
                    RawLimits.createTopic(kafka, topic, 3, Map.of("message.timestamp.type", "LogAppendTime"));
                    report.prefix(name + ": ");
                    memory.close();
                    memory = new MemoryMeter();
                } else if (names.size() > 1) {
                    report.prefix(name + ": ");
                }
                say("pipeline " + name + " (" + (i + 1) + "/" + names.size() + ")");
                long pipelineStarted = System.nanoTime();
                pipeline = PipelineUnderTest.named(name, settings, new PipelineUnderTest.Wiring(
                        infrastructure, topic, Wiring.STANDARD.deadLetterTopic() + (first ? "" : "." + name),
                        layout.root(), settings.output().resolve("jars"), log::println));
                pipeline.start(List.of(), List.of());
                report.fact(first ? "startupSeconds" : "startupSeconds " + name,
                        Math.round((System.nanoTime() - (first ? started : pipelineStarted)) / 1e8) / 10.0);
                say(name + " up in " + (System.nanoTime() - pipelineStarted) / 1_000_000_000 + " s");
                BenchRun run = measure(settings, report, infrastructure, pipeline, topic, memory, origin, first);
                run.auditFact = first ? "audit" : "audit " + name;
                Audit.run(run);
                if (first) {
                    Series.write(run);
                }
                run.close();
                runs.add(run);
                if (i < names.size() - 1) {
                    pipeline.stop();
                    pipeline = null;
                }
            }
            report.prefix("");
            if (runs.size() > 1) {
                SideBySide.write(report, runs);
            }

            report.fact("loadAverageAtEnd", loadAverage());
            write(report, settings);
        } catch (Exception e) {
            say("benchmark failed: " + e);
            e.printStackTrace();
            code = 1;
        } finally {
            memory.close();
            if (pipeline != null) {
                pipeline.stop();
            }
            if (infrastructure != null) {
                infrastructure.close();
            }
            if (serviceLog != null) {
                serviceLog.close();
            }
        }
        System.exit(code);
    }

    /**
     * Every phase of one pipeline, on the servers already running; the machine's limits and the raw pipeline only
     * with the first one, and only when it is lemonade-app (they copy its event store's table and payloads).
     */
    private static BenchRun measure(BenchSettings settings, Report report, Infrastructure infrastructure,
                                    PipelineUnderTest pipeline, String topic, MemoryMeter memory, long origin,
                                    boolean first) throws Exception {
        String user = infrastructure.postgres().username();
        String password = infrastructure.postgres().password();
        PipelineQueries databases = new PipelineQueries(infrastructure.postgres().jdbcUrl(pipeline.salesDatabase()),
                infrastructure.postgres().jdbcUrl(pipeline.cardsDatabase()), user, password, pipeline.sales());
        TopicWatcher watcher = new TopicWatcher(infrastructure.kafka().bootstrapServers(), topic);
        Progress progress = new Progress(databases, watcher, settings.smoke() ? 2 : 5);
        CpuMeter cpu = new CpuMeter();
        pipeline.processes().forEach(cpu::watch);
        pipeline.processes().forEach(memory::watch);
        if (!settings.external()) {
            cpu.watch("PostgreSQL", databases::postgresProcessesOrNone);
            memory.watch("PostgreSQL (PSS of all its processes)", databases::postgresProcessesOrNone);
        }
        cpu.watchThreads(BenchRun.BROKER, Bench::isBrokerThread);
        cpu.watch("bench JVM (load generator + broker; not summed)", () -> Stream.of(ProcessHandle.current()));
        memory.watch("bench JVM (broker + load generator)", () -> Stream.of(ProcessHandle.current()));
        BenchRun run = new BenchRun(settings, report, infrastructure, pipeline, databases, watcher, progress, cpu,
                memory, new BenchLoad(pipeline.baseUrl(), new Timeline(origin)), origin);

        if (settings.runs("warmup")) {
            WarmUp.run(run, "warmup");
        }
        boolean machine = first && "axon".equals(pipeline.name());
        if (machine && (settings.runs("limits") || settings.runs("raw"))) {
            // each raw measurement in a database of its own, made by the migrations inside the jars under test
            String rawAppends = infrastructure.postgres().jdbcUrl("bench_event_store");
            String rawEvents = infrastructure.postgres().jdbcUrl("bench_raw_pipeline");
            String rawCards = infrastructure.postgres().jdbcUrl("bench_raw_thankyou");
            EventStoreCopy.migrate(pipeline.eventStoreJar(), rawAppends, user, password);
            EventStoreCopy.migrate(pipeline.eventStoreJar(), rawEvents, user, password);
            EventStoreCopy.migrate(pipeline.cardsJar(), rawCards, user, password);
            if (settings.runs("limits")) {
                Limits.run(run, rawAppends);
            }
            if (settings.runs("raw")) {
                RawSweep.run(run, rawEvents, rawCards);
            }
        } else if (!first) {
            // the same raw pipeline figures as the first pipeline's, so its ratios read the same
            run.rawPipeline.putAll(FIRST_RAW);
            run.rawAppends = firstRawAppends;
        }
        if (settings.runs("closed")) {
            ClosedSweep.run(run);
        }
        if (settings.runs("open")) {
            OpenSweep.run(run);
        }
        if (settings.runs("backlog")) {
            Backlog.run(run);
        }
        if (settings.runs("closed")) {
            for (Map.Entry<String, Double> peak : memory.peaksMib().entrySet()) {
                report.row("memory", "peak under load: " + peak.getKey(), peak.getValue(), "MiB",
                        "", Double.NaN, peak.getKey().startsWith("whole") ? "< 1536 MiB" : "",
                        peak.getKey().startsWith("whole") ? peak.getValue() < 1536 : null);
            }
        }
        if (settings.runs("compare")) {
            Comparison.run(run);
        }
        if (first) {
            FIRST_RAW.putAll(run.rawPipeline);
            firstRawAppends = run.rawAppends;
        }
        return run;
    }

    private static final Map<Integer, Spread> FIRST_RAW = new java.util.LinkedHashMap<>();
    private static Spread firstRawAppends = Spread.NONE;

    static void say(String line) {
        System.out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " [bench] " + line);
    }

    /** The embedded broker's threads: everything in this JVM that is not the benchmark's own. */
    static boolean isBrokerThread(String name) {
        return NOT_BROKER.stream().noneMatch(name::startsWith);
    }

    private static void facts(Report report, BenchSettings settings) {
        report.fact("label", settings.label());
        report.fact("smoke", settings.smoke());
        report.fact("machine", Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", Java "
                + System.getProperty("java.version"));
        report.fact("loadAverageAtStart", loadAverage());
        report.fact("pipeline", String.join(",", settings.pipelines()));
        report.fact("clients", settings.clients());
        report.fact("concurrency", settings.concurrency());
        report.fact("repetitions", settings.repetitions());
        report.fact("windowSeconds", settings.window().toSeconds());
        report.fact("lemonadeAppArgs", String.join(" ", settings.appArgs()));
        report.fact("lemonadeAppJvm", String.join(" ", LemonadeServices.LEMONADE_APP_JVM)
                + " " + String.join(" ", settings.appJvm()));
        report.fact("thankyouServiceArgs", String.join(" ", settings.thankyouArgs()));
        report.fact("thankyouServiceJvm", String.join(" ",
                LemonadeServices.THANKYOU_SERVICE_JVM) + " "
                + String.join(" ", settings.thankyouJvm()));
        report.fact("lemonadeAppJar", settings.lemonadeAppJar() == null ? "built in this work tree"
                : settings.lemonadeAppJar().toString());
    }

    private static void write(Report report, BenchSettings settings) throws IOException {
        Path json = settings.output().resolve("bench-" + settings.label() + ".json");
        Path html = settings.output().resolve("bench-" + settings.label() + ".html");
        Path markdown = settings.output().resolve("bench-" + settings.label() + ".md");
        report.writeJson(json);
        report.writeHtml(html, "lemonade-outbox benchmark: " + settings.label());
        Files.writeString(markdown, report.markdown());
        System.out.println();
        System.out.print(report.table());
        System.out.println();
        say("wrote " + json + ", " + html + " and " + markdown);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
