package io.lemonadeoutbox.testkit.services;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * lemonade-app and thankyou-service as two child JVMs wired to one PostgreSQL (a database each) and one Kafka.
 * Used by the local stack, the fault campaign and the end-to-end tests.
 */
public final class LemonadeServices implements AutoCloseable {

    /** Which databases and topics the two services use. */
    public record Wiring(String lemonadeDatabase, String thankyouDatabase, String topic, String deadLetterTopic) {
        public static final Wiring STANDARD = new Wiring("lemonade", "thankyou", "lemonade.sales", "lemonade.sales.DLT");
    }

    /**
     * The PostgreSQL and Kafka the services connect to, as plain values: the kit depends on no module of ours that
     * starts servers (local-infra's own tests use the kit). {@code jdbcUrl} gives a database's URL, creating the
     * database if the server's owner does that (local-infra's {@code Postgres::jdbcUrl} does).
     */
    public record Servers(Function<String, String> jdbcUrl, String username, String password,
                          String kafkaBootstrapServers) {
    }

    /**
     * Explicit heaps, measured under load by lemonade-bench (PERFORMANCE.md, "Memory"): without them each JVM sizes its
     * heap from the machine's RAM. Serial GC: on two cores a concurrent collector's threads compete with the load.
     */
    public static final List<String> LEMONADE_APP_JVM = List.of("-Xms128m", "-Xmx256m", "-XX:+UseSerialGC");
    public static final List<String> THANKYOU_SERVICE_JVM = List.of("-Xms64m", "-Xmx192m", "-XX:+UseSerialGC");
    public static final String LEMONADE_APP = "lemonade-app";
    public static final String THANKYOU_SERVICE = "thankyou-service";

    private final Operator operator = Operator.generate();
    private final ServiceProcess lemonadeApp;
    private final ServiceProcess thankyouService;
    private final List<String> lemonadeAppArgs;
    private final List<String> thankyouServiceArgs;

    public LemonadeServices(ProjectLayout layout, Servers servers, Wiring wiring,
                            int lemonadeAppPort, int thankyouServicePort, List<String> jvmOptions,
                            Consumer<String> console) {
        this(layout, servers, wiring, lemonadeAppPort, thankyouServicePort, jvmOptions,
                (Function<String, Consumer<String>>) name -> console);
    }

    /** As the constructor, with each service's output going where {@code outputOf} says for its name. */
    public static LemonadeServices withOutputPerService(ProjectLayout layout, Servers servers,
                                                        Wiring wiring, int lemonadeAppPort, int thankyouServicePort,
                                                        List<String> jvmOptions,
                                                        Function<String, Consumer<String>> outputOf) {
        return new LemonadeServices(layout, servers, wiring, lemonadeAppPort, thankyouServicePort, jvmOptions,
                outputOf);
    }

    private LemonadeServices(ProjectLayout layout, Servers servers, Wiring wiring,
                             int lemonadeAppPort, int thankyouServicePort, List<String> jvmOptions,
                             Function<String, Consumer<String>> outputOf) {
        lemonadeApp = new ServiceProcess(LEMONADE_APP, layout.lemonadeAppJar(), lemonadeAppPort,
                concat(LEMONADE_APP_JVM, jvmOptions), outputOf.apply(LEMONADE_APP));
        thankyouService = new ServiceProcess(THANKYOU_SERVICE, layout.thankyouServiceJar(), thankyouServicePort,
                concat(THANKYOU_SERVICE_JVM, jvmOptions), outputOf.apply(THANKYOU_SERVICE));
        String kafka = servers.kafkaBootstrapServers();
        lemonadeAppArgs = withOperator(
                "--spring.datasource.url=" + servers.jdbcUrl().apply(wiring.lemonadeDatabase()),
                "--spring.datasource.username=" + servers.username(),
                "--spring.datasource.password=" + servers.password(),
                "--spring.kafka.bootstrap-servers=" + kafka,
                "--lemonade.publishing.topic=" + wiring.topic(),
                "--lemonade.console.thankyou-url=" + thankyouService.baseUrl());
        thankyouServiceArgs = withOperator(
                "--spring.datasource.url=" + servers.jdbcUrl().apply(wiring.thankyouDatabase()),
                "--spring.datasource.username=" + servers.username(),
                "--spring.datasource.password=" + servers.password(),
                "--spring.kafka.bootstrap-servers=" + kafka,
                "--thankyou.topic=" + wiring.topic(),
                "--thankyou.dead-letter-topic=" + wiring.deadLetterTopic(),
                "--thankyou.console.allowed-origins=" + lemonadeApp.baseUrl());
    }

    private static List<String> concat(List<String> first, List<String> then) {
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(then);
        return List.copyOf(all);
    }

    private List<String> withOperator(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(operator.serviceArgs());
        return List.copyOf(all);
    }

    /** Who may call /api/operations/** on both services during this run. */
    public Operator operator() {
        return operator;
    }

    public ServiceProcess lemonadeApp() {
        return lemonadeApp;
    }

    public ServiceProcess thankyouService() {
        return thankyouService;
    }

    /** The command-line arguments that wire lemonade-app to PostgreSQL and Kafka (restart it with these). */
    public List<String> lemonadeAppArgs() {
        return lemonadeAppArgs;
    }

    public List<String> thankyouServiceArgs() {
        return thankyouServiceArgs;
    }

    public void start() {
        lemonadeApp.start(lemonadeAppArgs);
        thankyouService.start(thankyouServiceArgs);
    }

    /**
     * Waits until both answer UP on /actuator/health. Throws {@link ServiceProcess.ServiceFailedException} with the
     * last output lines if one exits or the time runs out.
     *
     * @param progress receives a status line every 10 seconds
     */
    public void awaitHealthy(Duration timeout, Consumer<String> progress) {
        Instant started = Instant.now();
        Instant deadline = started.plus(timeout);
        Instant[] nextReport = {started.plusSeconds(10)};
        for (ServiceProcess service : List.of(lemonadeApp, thankyouService)) {
            service.awaitHealthy(remaining(deadline), waited -> {
                Instant now = Instant.now();
                if (now.isAfter(nextReport[0])) {
                    nextReport[0] = now.plusSeconds(10);
                    progress.accept("waiting for health (" + Duration.between(started, now).toSeconds() + " s): "
                            + status(lemonadeApp) + ", " + status(thankyouService));
                }
            });
        }
    }

    /** Stops both at once (SIGTERM, then SIGKILL after a grace period). */
    public void stop() {
        CompletableFuture.allOf(
                CompletableFuture.runAsync(thankyouService::stop),
                CompletableFuture.runAsync(lemonadeApp::stop)).join();
    }

    @Override
    public void close() {
        stop();
    }

    private static String status(ServiceProcess service) {
        if (!service.isAlive()) {
            return service.name() + " exited";
        }
        return service.name() + (service.isUp() ? " UP" : " starting");
    }

    private static Duration remaining(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
