package io.lemonadeoutbox.stack;

import io.lemonadeoutbox.testkit.services.ProjectLayout;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code run}, the default: PostgreSQL, Kafka and both services, until Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Starts an embedded PostgreSQL 17 and Kafka broker, then lemonade-app and thankyou-service as"
                + " two JVMs, prints where everything is, and runs until Ctrl-C. Data is kept in the data folder, so"
                + " a restart keeps the event store and the cards. Each option can also be given as"
                + " -Dlemonade.<option>=<value>."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"  0:stopped (Ctrl-C ends the JVM with 130, the shell's code for an interrupt)",
                "  1:a service failed to start, or stopped by itself",
                "  2:bad arguments, a jar not built, a port in use, or another stack on the same data"})
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--postgres-port", paramLabel = "PORT", defaultValue = "${sys:lemonade.postgres-port:-5433}",
            description = "PostgreSQL's port (default: ${DEFAULT-VALUE})")
    int postgresPort;

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "${sys:lemonade.kafka-port:-9093}",
            description = "Kafka's port (default: ${DEFAULT-VALUE})")
    int kafkaPort;

    @Option(names = "--lemonade-app-port", paramLabel = "PORT",
            defaultValue = "${sys:lemonade.lemonade-app-port:-8080}",
            description = "lemonade-app's port, where the pipeline page is (default: ${DEFAULT-VALUE})")
    int lemonadeAppPort;

    @Option(names = "--thankyou-service-port", paramLabel = "PORT",
            defaultValue = "${sys:lemonade.thankyou-service-port:-8081}",
            description = "thankyou-service's port (default: ${DEFAULT-VALUE})")
    int thankyouServicePort;

    @Option(names = "--audit-port", paramLabel = "PORT", defaultValue = "${sys:lemonade.audit-port:-8082}",
            description = "where the page's audit button runs the audit, read-only, on loopback (default:"
                    + " ${DEFAULT-VALUE})")
    int auditPort;

    @Option(names = "--startup-timeout-seconds", paramLabel = "SECONDS",
            defaultValue = "${sys:lemonade.startup-timeout-seconds:-240}",
            description = "how long both services may take to become healthy (default: ${DEFAULT-VALUE})")
    int startupTimeoutSeconds;

    @Option(names = "--data-dir", paramLabel = "FOLDER", defaultValue = "${sys:lemonade.data-dir}",
            description = "where PostgreSQL's and Kafka's data and the logs are kept (default: .local-stack/ in the"
                    + " project)")
    Path dataDirectory;

    StackSettings settings() {
        return new StackSettings(postgresPort, kafkaPort, lemonadeAppPort, thankyouServicePort, auditPort,
                Duration.ofSeconds(startupTimeoutSeconds));
    }

    @Override
    public Integer call() {
        ProjectLayout layout = ProjectLayout.detect();
        StackFolder data = new StackFolder(dataDirectory == null ? layout.localStackData()
                : dataDirectory.toAbsolutePath().normalize());
        StackSettings settings = settings();
        try {
            layout.lemonadeAppJar();
            layout.thankyouServiceJar();
            data.inUseBy().filter(user -> user.startsWith("a local stack")).ifPresent(user -> {
                throw new IllegalStateException(user);
            });
            requireFreePorts(settings);
        } catch (IllegalArgumentException | IllegalStateException e) {
            LocalStack.say(e.getMessage());
            return 2;
        }
        // before the first logger exists: logback.xml writes the embedded servers' logs there
        System.setProperty("lemonade.stack.logs", data.logs().toString());
        // and on this thread: if Kafka's and PostgreSQL's start-up threads were first, SLF4J would print a warning
        // about replaying their early calls
        LoggerFactory.getLogger(RunCommand.class).info("logs in {}", data.logs());
        return new LocalStack(settings, layout, data).runUntilStopped();
    }

    private static void requireFreePorts(StackSettings settings) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("PostgreSQL (--postgres-port)", settings.postgresPort());
        ports.put("Kafka (--kafka-port)", settings.kafkaPort());
        ports.put("lemonade-app (--lemonade-app-port)", settings.lemonadeAppPort());
        ports.put("thankyou-service (--thankyou-service-port)", settings.thankyouServicePort());
        ports.put("the audit (--audit-port)", settings.auditPort());
        ports.forEach((what, port) -> {
            try (ServerSocket probe = new ServerSocket(port)) {
                probe.setReuseAddress(true);
            } catch (IOException e) {
                throw new IllegalStateException("port " + port + " for " + what + " is in use (another local stack,"
                        + " or a local install?). Pick another one, e.g. " + what.replaceAll(".*\\((.*)\\)", "$1")
                        + "=" + (port + 10000));
            }
        });
    }
}
