package io.lemonadeoutbox.stack;

import io.lemonadeoutbox.infra.Infrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * lemonade-app and thankyou-service as two child JVMs wired to one PostgreSQL (a database each) and one Kafka.
 * Used by the local stack and by the end-to-end tests.
 */
public final class LemonadeServices implements AutoCloseable {

    /** Which databases and topics the two services use. */
    public record Wiring(String lemonadeDatabase, String thankyouDatabase, String topic, String deadLetterTopic) {
        public static final Wiring STANDARD = new Wiring("lemonade", "thankyou", "lemonade.sales", "lemonade.sales.DLT");
    }

    /**
     * Explicit heaps, measured under load by lemonade-bench (PERFORMANCE.md, "Memory"): without them each JVM sizes its
     * heap from the machine's RAM. Serial GC: on two cores a concurrent collector's threads compete with the load.
     */
    public static final List<String> LEMONADE_APP_JVM = List.of("-Xms128m", "-Xmx256m", "-XX:+UseSerialGC");
    public static final List<String> THANKYOU_SERVICE_JVM = List.of("-Xms64m", "-Xmx192m", "-XX:+UseSerialGC");

    private final Operator operator = Operator.generate();
    private final ServiceProcess lemonadeApp;
    private final ServiceProcess thankyouService;
    private final List<String> lemonadeAppArgs;
    private final List<String> thankyouServiceArgs;

    public LemonadeServices(ProjectLayout layout, Infrastructure infrastructure, Wiring wiring,
                            int lemonadeAppPort, int thankyouServicePort, List<String> jvmOptions,
                            Consumer<String> console) {
        lemonadeApp = new ServiceProcess("lemonade-app", layout.lemonadeAppJar(), lemonadeAppPort,
                concat(LEMONADE_APP_JVM, jvmOptions), console);
        thankyouService = new ServiceProcess("thankyou-service", layout.thankyouServiceJar(), thankyouServicePort,
                concat(THANKYOU_SERVICE_JVM, jvmOptions), console);
        String kafka = infrastructure.kafka().bootstrapServers();
        lemonadeAppArgs = withOperator(
                "--spring.datasource.url=" + infrastructure.postgres().jdbcUrl(wiring.lemonadeDatabase()),
                "--spring.datasource.username=" + infrastructure.postgres().username(),
                "--spring.datasource.password=" + infrastructure.postgres().password(),
                "--spring.kafka.bootstrap-servers=" + kafka,
                "--lemonade.publishing.topic=" + wiring.topic(),
                "--lemonade.console.thankyou-url=" + thankyouService.baseUrl());
        thankyouServiceArgs = withOperator(
                "--spring.datasource.url=" + infrastructure.postgres().jdbcUrl(wiring.thankyouDatabase()),
                "--spring.datasource.username=" + infrastructure.postgres().username(),
                "--spring.datasource.password=" + infrastructure.postgres().password(),
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
     * @param progress receives a status line every few seconds
     */
    public void awaitHealthy(Duration timeout, Consumer<String> progress) {
        Instant started = Instant.now();
        Instant deadline = started.plus(timeout);
        Instant[] nextReport = {started.plusSeconds(5)};
        for (ServiceProcess service : List.of(lemonadeApp, thankyouService)) {
            service.awaitHealthy(remaining(deadline), waited -> {
                Instant now = Instant.now();
                if (now.isAfter(nextReport[0])) {
                    nextReport[0] = now.plusSeconds(5);
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
