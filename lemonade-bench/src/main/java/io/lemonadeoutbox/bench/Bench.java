package io.lemonadeoutbox.bench;

import io.lemonadeoutbox.infra.EmbeddedSettings;
import io.lemonadeoutbox.infra.FreePorts;
import io.lemonadeoutbox.infra.Infrastructure;
import io.lemonadeoutbox.stack.LemonadeServices.Wiring;
import io.lemonadeoutbox.stack.ProjectLayout;
import io.lemonadeoutbox.stack.ServiceProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * One run: the machine's limits, then sales through the whole pipeline (closed model, open model, a backlog drained
 * after Kafka comes back), each figure next to its limit, and an audit of every sale against every card.
 * Run it with {@code java -jar lemonade-bench/target/lemonade-bench.jar} (see lemonade-bench/README.md).
 */
public final class Bench {

    private static final String TOPIC = Wiring.STANDARD.topic();
    private static final String RAW_TOPIC = "bench.raw";
    private static final int KAFKA_ACK_THREADS = 4;

    private final BenchSettings settings;
    private final ProjectLayout layout;
    private final Report report = new Report();
    private final Map<String, SalesLoad.Result> loads = new LinkedHashMap<>();
    private final List<Map<String, Object>> phases = new ArrayList<>();
    private final long origin = System.currentTimeMillis();
    private Infrastructure infrastructure;
    private Path appJar;
    private ServiceProcess app;
    private ServiceProcess thankyou;
    private Databases databases;
    private TopicWatcher watcher;
    private Progress progress;
    private final CpuMeter cpu = new CpuMeter();
    private PrintWriter serviceLog;

    private Bench(BenchSettings settings, ProjectLayout layout) {
        this.settings = settings;
        this.layout = layout;
    }

    public static void main(String[] args) throws Exception {
        ProjectLayout layout = ProjectLayout.detect();
        BenchSettings settings = BenchSettings.from(System.getProperties(), layout.root());
        Bench bench = new Bench(settings, layout);
        int code = 0;
        try {
            bench.run();
        } catch (Exception e) {
            say("benchmark failed: " + e);
            e.printStackTrace();
            code = 1;
        } finally {
            bench.stop();
        }
        System.exit(code);
    }

    static void say(String line) {
        System.out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " [bench] " + line);
    }

    private void run() throws Exception {
        Files.createDirectories(settings.output());
        report.fact("label", settings.label());
        report.fact("smoke", settings.smoke());
        report.fact("machine", Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", Java "
                + System.getProperty("java.version"));
        report.fact("loadAverageAtStart", loadAverage());
        report.fact("concurrency", settings.concurrency());
        report.fact("lemonadeAppArgs", String.join(" ", settings.appArgs()));
        report.fact("lemonadeAppJvm", String.join(" ", settings.appJvm()));
        report.fact("thankyouServiceArgs", String.join(" ", settings.thankyouArgs()));
        report.fact("lemonadeAppJar", settings.lemonadeAppJar() == null ? "built in this work tree"
                : settings.lemonadeAppJar().toString());
        say("load average " + loadAverage() + "; output in " + settings.output());

        startStack();
        warmUp();
        measureLimits();
        closedModel();
        openModel();
        backlog();
        audit();

        report.fact("loadAverageAtEnd", loadAverage());
        writeSeries();
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

    private void startStack() throws Exception {
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
        // LogAppendTime: each record carries the moment the broker appended it, the middle timestamp of the pipeline.
        RawLimits.createTopic(kafka, TOPIC, 3, Map.of("message.timestamp.type", "LogAppendTime"));
        RawLimits.createTopic(kafka, RAW_TOPIC, 3, Map.of());

        serviceLog = new PrintWriter(Files.newBufferedWriter(settings.output().resolve("services-" + settings.label()
                + ".log")), true);
        String jdbcUser = infrastructure.postgres().username();
        String jdbcPassword = infrastructure.postgres().password();
        appJar = jar(settings.lemonadeAppJar(), "lemonade-app");
        app = new ServiceProcess("lemonade-app", appJar, FreePorts.pick(),
                jvm(settings.appJvm(), "lemonade-app"), this::log);
        thankyou = new ServiceProcess("thankyou-service", jar(settings.thankyouServiceJar(), "thankyou-service"),
                FreePorts.pick(), jvm(settings.thankyouJvm(), "thankyou-service"), this::log);
        // the same wiring as lemonade-stack's LemonadeServices, plus the tuning arguments under test
        List<String> appArgs = new ArrayList<>(List.of(
                "--spring.datasource.url=" + infrastructure.postgres().jdbcUrl("lemonade"),
                "--spring.datasource.username=" + jdbcUser,
                "--spring.datasource.password=" + jdbcPassword,
                "--spring.kafka.bootstrap-servers=" + kafka,
                "--lemonade.publishing.topic=" + TOPIC));
        appArgs.addAll(settings.appArgs());
        List<String> thankyouArgs = new ArrayList<>(List.of(
                "--spring.datasource.url=" + infrastructure.postgres().jdbcUrl("thankyou"),
                "--spring.datasource.username=" + jdbcUser,
                "--spring.datasource.password=" + jdbcPassword,
                "--spring.kafka.bootstrap-servers=" + kafka,
                "--thankyou.topic=" + TOPIC,
                "--thankyou.dead-letter-topic=" + Wiring.STANDARD.deadLetterTopic()));
        thankyouArgs.addAll(settings.thankyouArgs());
        say("starting lemonade-app " + String.join(" ", settings.appArgs()) + " and thankyou-service "
                + String.join(" ", settings.thankyouArgs()));
        // both at once: neither waits for the other; both only need the topics above (lemonade-app's own topic bean
        // would otherwise create lemonade.sales without LogAppendTime)
        app.start(appArgs);
        thankyou.start(thankyouArgs);
        Duration timeout = Duration.ofSeconds(240);
        long[] nextLine = {System.nanoTime()};
        for (ServiceProcess service : List.of(app, thankyou)) {
            service.awaitHealthy(timeout, waited -> {
                if (System.nanoTime() - nextLine[0] > 5_000_000_000L) {
                    nextLine[0] = System.nanoTime();
                    say("waiting for " + service.name() + " to be healthy ("
                            + (System.nanoTime() - started) / 1_000_000_000 + " s since start)");
                }
            });
        }
        report.fact("startupSeconds", Math.round((System.nanoTime() - started) / 1e8) / 10.0);
        say("stack up in " + (System.nanoTime() - started) / 1_000_000_000 + " s");

        String user = infrastructure.postgres().username();
        String password = infrastructure.postgres().password();
        databases = new Databases(infrastructure.postgres().jdbcUrl("lemonade"),
                infrastructure.postgres().jdbcUrl("thankyou"), user, password);
        watcher = new TopicWatcher(kafka, TOPIC);
        progress = new Progress(databases, watcher, settings.smoke() ? 2 : 5);
        cpu.watch("lemonade-app", () -> ProcessHandle.of(app.pid()).stream());
        cpu.watch("thankyou-service", () -> ProcessHandle.of(thankyou.pid()).stream());
        if (!settings.external()) {
            cpu.watch("PostgreSQL", () -> {
                try {
                    return databases.postgresProcesses();
                } catch (java.sql.SQLException e) {
                    return java.util.stream.Stream.empty();
                }
            });
        }
        cpu.watch("bench JVM (load + Kafka broker)", () -> java.util.stream.Stream.of(ProcessHandle.current()));
    }

    private void warmUp() throws Exception {
        say("warming up for " + settings.warmup().toSeconds() + " s (JIT, pools, consumer group)");
        SalesLoad.Result warm = load().closed("warmup", settings.concurrency(), settings.warmup(), progress);
        markPhase("warmup", warm.startMillis());
        awaitCards("warmup");
    }

    private void measureLimits() throws Exception {
        progress.phase("limits");
        markPhase("limits", System.currentTimeMillis());
        RawLimits.Shape shape = databases.soldShape();
        report.fact("eventShape", shape.payloadBytes() + " B payload, " + shape.metaDataBytes() + " B metadata");
        String benchDb = infrastructure.postgres().jdbcUrl("bench_event_store");
        String user = infrastructure.postgres().username();
        String password = infrastructure.postgres().password();
        EventStoreCopy.migrate(appJar, benchDb, user, password);
        say("limit: raw appends to a copy of domain_event_entry, 1 client");
        double one = RawLimits.appendsPerSecond(benchDb, user, password, shape, 1, settings.limit());
        say("limit: raw appends, " + settings.concurrency() + " clients");
        double many = RawLimits.appendsPerSecond(benchDb, user, password, shape, settings.concurrency(),
                settings.limit());
        report.row("limit", "raw JDBC appends/s, 1 client", one, "/s");
        report.row("limit", "raw JDBC appends/s, " + settings.concurrency() + " clients", many, "/s");
        report.fact("rawAppendsPerSecond1", one);
        report.fact("rawAppendsPerSecondN", many);

        String kafka = infrastructure.kafka().bootstrapServers();
        try (KafkaProducer<String, byte[]> producer = RawLimits.producer(kafka)) {
            RawLimits.kafkaAckedSendsPerSecond(producer, RAW_TOPIC, shape, 1, Duration.ofSeconds(1));
            say("limit: raw Kafka sends, acks=all, idempotent, waiting for each ack (WAIT_FOR_ACK)");
            double acked = RawLimits.kafkaAckedSendsPerSecond(producer, RAW_TOPIC, shape, 1, settings.limit());
            double ackedParallel = RawLimits.kafkaAckedSendsPerSecond(producer, RAW_TOPIC, shape, KAFKA_ACK_THREADS,
                    settings.limit());
            say("limit: raw Kafka sends, pipelined");
            double pipelined = RawLimits.kafkaPipelinedSendsPerSecond(producer, RAW_TOPIC, shape, settings.limit());
            report.row("limit", "raw Kafka sends/s, ack each, 1 thread", acked, "/s");
            report.row("limit", "raw Kafka sends/s, ack each, " + KAFKA_ACK_THREADS + " threads", ackedParallel, "/s");
            report.row("limit", "raw Kafka sends/s, pipelined", pipelined, "/s");
            report.fact("rawKafkaAcked", acked);
            report.fact("rawKafkaPipelined", pipelined);
        }
    }

    private void closedModel() throws Exception {
        say("closed model: " + settings.concurrency() + " clients for " + settings.closed().toSeconds() + " s");
        CpuMeter.Snapshot before = cpu.snapshot();
        SalesLoad.Result closed = load().closed("closed", settings.concurrency(), settings.closed(), progress);
        markPhase("closed", closed.startMillis());
        long lagAtEnd = databases.eventsInStore() - watcher.records();
        Duration drain = awaitCards("closed");
        CpuMeter.Snapshot after = cpu.snapshot();
        EndToEnd e2e = endToEnd("closed");
        double rawN = (double) report.facts().get("rawAppendsPerSecondN");
        double sustained = closed.acceptedPerSecond();
        report.fact("sustainedSalesPerSecond", sustained);
        report.row("closed", "accepted sales/s, " + settings.concurrency() + " clients", sustained, "/s",
                "raw appends/s, same clients", rawN, ">= 0.50", sustained / rawN >= 0.5);
        httpLatency("closed", closed);
        publishing("closed", e2e, sustained);
        report.row("closed", "publish lag when load stopped", lagAtEnd, "events");
        report.row("closed", "time to last card after load stopped", drain.toMillis() / 1000.0, "s");
        endToEndRows("closed", e2e, null);
        cpuRows("closed", before, after, e2e.sales(), "sale (load + drain)");
    }

    private void openModel() throws Exception {
        double sustained = (double) report.facts().get("sustainedSalesPerSecond");
        double rate = settings.openRate() > 0 ? settings.openRate() : Math.max(1, Math.floor(sustained / 2));
        say("open model: " + rate + " sales/s for " + settings.open().toSeconds() + " s");
        SalesLoad.Result open = load().open("open", rate, settings.open(), progress);
        markPhase("open", open.startMillis());
        awaitCards("open");
        EndToEnd e2e = endToEnd("open");
        report.row("open", "accepted sales/s at target " + Report.number(rate) + "/s", open.acceptedPerSecond(),
                "/s", "target rate", rate, "", null);
        if (open.notSent() > 0) {
            report.row("open", "sales not sent (2000 in flight)", open.notSent(), "");
        }
        httpLatency("open", open);
        publishing("open", e2e, open.acceptedPerSecond());
        endToEndRows("open", e2e, 100.0);
    }

    private void backlog() throws Exception {
        if (settings.external()) {
            say("backlog: skipped, an external Kafka is not ours to stop");
            return;
        }
        say("backlog: Kafka stopped, " + settings.concurrency() + " clients append for "
                + settings.backlog().toSeconds() + " s, then Kafka starts again");
        infrastructure.kafka().stop();
        SalesLoad.Result appended = load().closed("backlog", settings.concurrency(), settings.backlog(), progress);
        markPhase("backlog", appended.startMillis());
        long resumed = System.currentTimeMillis();
        CpuMeter.Snapshot before = cpu.snapshot();
        infrastructure.kafka().start();
        progress.phase("drain");
        markPhase("drain", resumed);
        Duration drain = awaitCards("backlog");
        CpuMeter.Snapshot after = cpu.snapshot();
        EndToEnd e2e = endToEnd("backlog");
        double sustained = (double) report.facts().get("sustainedSalesPerSecond");
        report.row("backlog", "sales appended while Kafka was down", e2e.sales(), "");
        report.row("backlog", "drain: published events/s", e2e.publishedPerSecond(), "/s",
                "sustained sale rate (closed)", sustained, ">= 10x", e2e.publishedPerSecond() >= 10 * sustained);
        report.row("backlog", "drain: published events/s vs Kafka", e2e.publishedPerSecond(), "/s",
                "raw Kafka ack each, 1 thread", (double) report.facts().get("rawKafkaAcked"), "", null);
        report.row("backlog", "drain: published events/s vs pipelined", e2e.publishedPerSecond(), "/s",
                "raw Kafka pipelined", (double) report.facts().get("rawKafkaPipelined"), "", null);
        report.row("backlog", "drain: cards/s", e2e.cardsPerSecond(), "/s",
                "sustained sale rate (closed)", sustained, ">= 10x", e2e.cardsPerSecond() >= 10 * sustained);
        report.row("backlog", "Kafka restart -> first record appended",
                (e2e.firstOnKafkaMillis() - resumed) / 1000.0, "s");
        report.row("backlog", "Kafka restart -> last card", drain.toMillis() / 1000.0, "s");
        cpuRows("backlog", before, after, e2e.sales(), "drained event");
    }

    private void cpuRows(String section, CpuMeter.Snapshot before, CpuMeter.Snapshot after, long units, String unit) {
        CpuMeter.perUnit(before, after, units).forEach((part, ms) ->
                report.row(section, "CPU ms per " + unit + ": " + part, ms, "ms"));
        double ours = CpuMeter.cores(before, after).values().stream().mapToDouble(Double::doubleValue).sum();
        int cores = Runtime.getRuntime().availableProcessors();
        report.row(section, "cores used by the stack (of " + cores + ")", ours, "cores");
        report.row(section, "machine CPU busy, all processes", CpuMeter.machineBusyPercent(before, after), "%");
        report.row(section, "left to others' processes", CpuMeter.machineBusyPercent(before, after) - 100 * ours / cores,
                "%");
    }

    private void audit() throws Exception {
        progress.phase("audit");
        Databases.Audit audit = databases.audit();
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        while (audit.missing() > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(500);
            audit = databases.audit();
        }
        say("audit: " + audit);
        report.fact("audit", audit);
        report.row("audit", "sales in the event store", audit.sales(), "");
        report.row("audit", "cards", audit.cards(), "");
        report.row("audit", "missing cards", audit.missing(), "", "", Double.NaN, "0", audit.missing() == 0);
        report.row("audit", "duplicate cards", audit.duplicate(), "", "", Double.NaN, "0", audit.duplicate() == 0);
        report.row("audit", "orphan cards", audit.orphan(), "", "", Double.NaN, "0", audit.orphan() == 0);
        report.row("audit", "dead letters", audit.deadLetters(), "", "", Double.NaN, "0", audit.deadLetters() == 0);
        report.row("audit", "LemonadeSold re-sent on the topic", watcher.resent(), "");
    }

    private void httpLatency(String section, SalesLoad.Result result) {
        Histogram h = result.latencyMicros();
        report.row(section, "HTTP latency p50", EndToEnd.millis(h, 50), "ms");
        report.row(section, "HTTP latency p95", EndToEnd.millis(h, 95), "ms");
        report.row(section, "HTTP latency p99", EndToEnd.millis(h, 99), "ms");
        report.row(section, "HTTP latency max", EndToEnd.maxMillis(h), "ms");
        if (result.failed() > 0) {
            report.row(section, "sales refused or failed", result.failed(), "");
        }
    }

    private void publishing(String section, EndToEnd e2e, double saleRate) {
        report.row(section, "published events/s (Kafka append times)", e2e.publishedPerSecond(), "/s",
                "accepted sales/s", saleRate, "", null);
    }

    private void endToEndRows(String section, EndToEnd e2e, Double p99TargetMillis) {
        report.row(section, "sale -> Kafka p50", EndToEnd.millis(e2e.saleToKafka(), 50), "ms");
        report.row(section, "sale -> Kafka p99", EndToEnd.millis(e2e.saleToKafka(), 99), "ms");
        report.row(section, "Kafka -> card p50", EndToEnd.millis(e2e.kafkaToCard(), 50), "ms");
        report.row(section, "Kafka -> card p99", EndToEnd.millis(e2e.kafkaToCard(), 99), "ms");
        report.row(section, "end to end (sale -> card) p50", EndToEnd.millis(e2e.saleToCard(), 50), "ms");
        report.row(section, "end to end p95", EndToEnd.millis(e2e.saleToCard(), 95), "ms");
        double p99 = EndToEnd.millis(e2e.saleToCard(), 99);
        if (p99TargetMillis == null) {
            report.row(section, "end to end p99", p99, "ms");
        } else {
            report.row(section, "end to end p99 (at half the sustained rate)", p99, "ms", "", Double.NaN,
                    "< " + p99TargetMillis.intValue() + " ms", p99 < p99TargetMillis);
        }
        report.row(section, "end to end max", EndToEnd.maxMillis(e2e.saleToCard()), "ms");
    }

    private EndToEnd endToEnd(String phase) throws Exception {
        Map<String, Long> sold = databases.soldAt(phase);
        return EndToEnd.of(sold, watcher.soldAppendedAt(), databases.cardCreatedAt(phase));
    }

    /** Waits until every sale of the phase in the event store has a card; returns how long that took. */
    private Duration awaitCards(String phase) throws Exception {
        long start = System.nanoTime();
        long deadline = start + settings.drainTimeout().toNanos();
        int sales = databases.soldAt(phase).size();
        while (databases.cards(phase) < sales) {
            if (System.nanoTime() > deadline) {
                say("WARNING: " + phase + ": only " + databases.cards(phase) + " of " + sales + " cards after "
                        + settings.drainTimeout().toSeconds() + " s; the audit will say which are missing");
                break;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private void writeSeries() throws Exception {
        int seconds = (int) ((System.currentTimeMillis() - origin) / 1000) + 1;
        Map<String, Long> sold = databases.soldAt("%");
        Map<String, Long> cards = databases.cardCreatedAt("%");
        Map<String, Long> onKafka = new HashMap<>(watcher.soldAppendedAt());
        // the charts start with the warm-up: the seconds before it are start-up, with nothing to draw
        int from = phases.isEmpty() ? 0 : (int) Math.floor((double) phases.get(0).get("startSecond"));
        List<Map<String, Object>> shifted = phases.stream()
                .map(p -> Map.<String, Object>of("name", p.get("name"),
                        "startSecond", (double) p.get("startSecond") - from))
                .toList();
        report.fact("chartsStartAtSecond", from);
        report.series("seconds", seconds - from);
        report.series("phases", shifted);
        report.series("acceptedPerSecond", tail(load().timeline().acceptedPerSecond(seconds), from));
        report.series("appendedPerSecond",
                tail(EndToEnd.perSecond(sold, micros -> micros / 1000, origin, seconds), from));
        report.series("publishedPerSecond", tail(EndToEnd.perSecond(onKafka, millis -> millis, origin, seconds), from));
        report.series("cardsPerSecond", tail(EndToEnd.perSecond(cards, micros -> micros / 1000, origin, seconds), from));
        Histogram[] perSecond = new Histogram[seconds];
        sold.forEach((sale, soldMicros) -> {
            Long card = cards.get(sale);
            int second = (int) ((soldMicros / 1000 - origin) / 1000);
            if (card != null && second >= 0 && second < seconds) {
                if (perSecond[second] == null) {
                    perSecond[second] = EndToEnd.histogram();
                }
                perSecond[second].recordValue(Math.max(0, card - soldMicros));
            }
        });
        long[] p50 = new long[seconds];
        long[] p99 = new long[seconds];
        for (int s = 0; s < seconds; s++) {
            if (perSecond[s] != null) {
                p50[s] = perSecond[s].getValueAtPercentile(50) / 1000;
                p99[s] = perSecond[s].getValueAtPercentile(99) / 1000;
            }
        }
        report.series("endToEndP50Millis", tail(p50, from));
        report.series("endToEndP99Millis", tail(p99, from));
    }

    private static long[] tail(long[] values, int from) {
        return java.util.Arrays.copyOfRange(values, Math.min(from, values.length), values.length);
    }

    private SalesLoad salesLoad;

    private SalesLoad load() {
        if (salesLoad == null) {
            salesLoad = new SalesLoad(app.baseUrl(), new Timeline(origin));
        }
        return salesLoad;
    }

    private void markPhase(String name, long startMillis) {
        phases.add(Map.of("name", name, "startSecond", (startMillis - origin) / 1000.0));
    }

    private List<String> jvm(List<String> options, String name) {
        List<String> all = new ArrayList<>(options);
        if (settings.jfr()) {
            all.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                    + settings.output().resolve(name + "-" + settings.label() + ".jfr"));
        }
        return all;
    }

    private void log(String line) {
        PrintWriter out = serviceLog;
        if (out != null) {
            out.println(line);
        }
    }

    private void stop() {
        if (progress != null) {
            progress.close();
        }
        try {
            if (watcher != null) {
                watcher.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        CompletableFuture.allOf(
                CompletableFuture.runAsync(() -> { if (app != null) app.stop(); }),
                CompletableFuture.runAsync(() -> { if (thankyou != null) thankyou.stop(); })).join();
        if (infrastructure != null) {
            infrastructure.close();
        }
        if (serviceLog != null) {
            serviceLog.close();
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The module's packaged jar: {@code target/<module>.jar}, else {@code target/<module>-<version>.jar}. */
    private Path jar(Path given, String module) throws IOException {
        Path source = given != null ? given : builtJar(module);
        // a copy: other builds in this work tree may repackage the jar while the service reads classes from it
        Path copy = settings.output().resolve("jars").resolve(module + ".jar");
        Files.createDirectories(copy.getParent());
        Files.copy(source, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return copy;
    }

    private Path builtJar(String module) throws IOException {
        Path target = layout.root().resolve(module).resolve("target");
        Path plain = target.resolve(module + ".jar");
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        try (var files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches(java.util.regex.Pattern.quote(module)
                            + "-[0-9].*\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(plain + " is missing; build first: "
                            + "./mvnw -B -Pbench -pl lemonade-bench -am package -DskipTests"));
        }
    }
}
