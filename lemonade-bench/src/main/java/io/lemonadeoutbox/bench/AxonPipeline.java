package io.lemonadeoutbox.bench;

import io.lemonadeoutbox.infra.FreePorts;
import io.lemonadeoutbox.infra.Infrastructure;
import io.lemonadeoutbox.testkit.services.LemonadeServices;
import io.lemonadeoutbox.testkit.services.ServiceProcess;
import io.lemonadeoutbox.testkit.SaleRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * lemonade-app (Axon, the event store as outbox) and thankyou-service as child JVMs, wired as lemonade-stack's
 * {@link LemonadeServices} wires them and with its JVM options, plus the tuning arguments under test.
 * {@link ModulithPipeline} is the same with the peer's jar, databases and tables.
 */
class AxonPipeline implements PipelineUnderTest {

    static final SalesSource EVENT_STORE = new SalesSource(
            "select aggregate_identifier, (extract(epoch from time_stamp::timestamptz) * 1000000)::bigint"
                    + " from domain_event_entry where payload_type = '" + SaleRecords.LEMONADE_SOLD + "'"
                    + " and aggregate_identifier like ?",
            "select aggregate_identifier from domain_event_entry where payload_type = '" + SaleRecords.LEMONADE_SOLD + "'",
            "select count(*) from domain_event_entry",
            null);

    private final String name;
    private final String standName;
    private final String salesDatabase;
    private final String cardsDatabase;
    private final SalesSource sales;
    private final BenchSettings settings;
    private final Wiring wiring;
    private final Path appJar;
    private final Path thankyouJar;
    private final int appPort = FreePorts.pick();
    private final int thankyouPort = FreePorts.pick();
    private ServiceProcess app;
    private ServiceProcess thankyou;

    AxonPipeline(BenchSettings settings, Wiring wiring) throws IOException {
        this("axon", "lemonade-app", settings.lemonadeAppJar(), "lemonade", "thankyou", EVENT_STORE, settings, wiring);
    }

    /** {@code standModule}: the module whose jar takes the sales (its process is named after it). */
    AxonPipeline(String name, String standModule, Path standJar, String salesDatabase, String cardsDatabase,
                 SalesSource sales, BenchSettings settings, Wiring wiring) throws IOException {
        this.name = name;
        this.standName = standModule;
        this.salesDatabase = salesDatabase;
        this.cardsDatabase = cardsDatabase;
        this.sales = sales;
        this.settings = settings;
        this.wiring = wiring;
        this.appJar = copy(standJar, standModule);
        this.thankyouJar = copy(settings.thankyouServiceJar(), "thankyou-service");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String salesDatabase() {
        return salesDatabase;
    }

    @Override
    public String cardsDatabase() {
        return cardsDatabase;
    }

    @Override
    public SalesSource sales() {
        return sales;
    }

    @Override
    public void start(List<String> extraArgs, List<String> extraJvm) throws Exception {
        Infrastructure infra = wiring.infrastructure();
        String kafka = infra.kafka().bootstrapServers();
        app = new ServiceProcess(standName, appJar, appPort,
                jvm(LemonadeServices.LEMONADE_APP_JVM, settings.appJvm(), only(extraJvm, "app:", "thankyou:"), standName),
                wiring.log());
        thankyou = new ServiceProcess("thankyou-service", thankyouJar, thankyouPort,
                jvm(LemonadeServices.THANKYOU_SERVICE_JVM, settings.thankyouJvm(), only(extraJvm, "thankyou:", "app:"),
                        "thankyou-service"),
                wiring.log());
        List<String> appArgs = new ArrayList<>(List.of(
                "--spring.datasource.url=" + infra.postgres().jdbcUrl(salesDatabase),
                "--spring.datasource.username=" + infra.postgres().username(),
                "--spring.datasource.password=" + infra.postgres().password(),
                "--spring.kafka.bootstrap-servers=" + kafka,
                "--lemonade.publishing.topic=" + wiring.topic()));
        appArgs.addAll(settings.appArgs());
        appArgs.addAll(extraArgs);
        List<String> thankyouArgs = new ArrayList<>(List.of(
                "--spring.datasource.url=" + infra.postgres().jdbcUrl(cardsDatabase),
                "--spring.datasource.username=" + infra.postgres().username(),
                "--spring.datasource.password=" + infra.postgres().password(),
                "--spring.kafka.bootstrap-servers=" + kafka,
                "--thankyou.topic=" + wiring.topic(),
                "--thankyou.dead-letter-topic=" + wiring.deadLetterTopic()));
        thankyouArgs.addAll(settings.thankyouArgs());
        thankyouArgs.addAll(extraArgs);
        Bench.say("starting " + standName + " " + String.join(" ", appArgs.subList(5, appArgs.size()))
                + " and thankyou-service " + String.join(" ", thankyouArgs.subList(6, thankyouArgs.size())));
        // both at once: neither needs the other, only the topics the benchmark created
        app.start(appArgs);
        thankyou.start(thankyouArgs);
        long started = System.nanoTime();
        long[] nextLine = {started};
        for (ServiceProcess service : List.of(app, thankyou)) {
            service.awaitHealthy(Duration.ofSeconds(240), waited -> {
                if (System.nanoTime() - nextLine[0] > 5_000_000_000L) {
                    nextLine[0] = System.nanoTime();
                    Bench.say("waiting for " + service.name() + " to be healthy ("
                            + (System.nanoTime() - started) / 1_000_000_000 + " s)");
                }
            });
        }
    }

    @Override
    public void stop() {
        CompletableFuture.allOf(
                CompletableFuture.runAsync(() -> { if (app != null) app.stop(); }),
                CompletableFuture.runAsync(() -> { if (thankyou != null) thankyou.stop(); })).join();
    }

    @Override
    public String baseUrl() {
        return app.baseUrl();
    }

    @Override
    public Map<String, Supplier<Stream<ProcessHandle>>> processes() {
        Map<String, Supplier<Stream<ProcessHandle>>> out = new LinkedHashMap<>();
        out.put(standName, () -> ProcessHandle.of(app.pid()).stream());
        out.put("thankyou-service", () -> ProcessHandle.of(thankyou.pid()).stream());
        return out;
    }

    @Override
    public Path eventStoreJar() {
        return appJar;
    }

    @Override
    public Path cardsJar() {
        return thankyouJar;
    }

    /** A variant's JVM options for one service: unprefixed ones, and its own {@code app:}/{@code thankyou:} ones. */
    static List<String> only(List<String> options, String mine, String theirs) {
        return options.stream().filter(o -> !o.startsWith(theirs))
                .map(o -> o.startsWith(mine) ? o.substring(mine.length()) : o).toList();
    }

    private List<String> jvm(List<String> stack, List<String> configured, List<String> variant, String name) {
        List<String> all = new ArrayList<>(stack);
        all.addAll(configured);
        all.addAll(variant);
        if (settings.jfr()) {
            all.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                    + settings.output().resolve(name + "-" + settings.label() + "-" + System.nanoTime() + ".jfr"));
        }
        return all;
    }

    /** A copy of the jar: other builds in this work tree may repackage it while the service reads classes from it. */
    private Path copy(Path given, String module) throws IOException {
        Path source = given != null ? given : builtJar(module);
        Path copy = wiring.jars().resolve(module + ".jar");
        Files.createDirectories(copy.getParent());
        Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
        return copy;
    }

    private Path builtJar(String module) throws IOException {
        Path target = wiring.projectRoot().resolve(module).resolve("target");
        Path plain = target.resolve(module + ".jar");
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        try (var files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches(Pattern.quote(module) + "-[0-9].*\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(plain + " is missing; build first: "
                            + "./mvnw -B -Pbench -pl lemonade-bench -am package -DskipTests"));
        }
    }
}
