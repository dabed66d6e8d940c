package io.lemonadeoutbox.stack;

import io.lemonadeoutbox.infra.EmbeddedSettings;
import io.lemonadeoutbox.infra.Infrastructure;
import io.lemonadeoutbox.stack.audit.AuditServer;
import io.lemonadeoutbox.stack.audit.AuditSources;
import io.lemonadeoutbox.testkit.services.LemonadeServices;
import io.lemonadeoutbox.testkit.services.LemonadeServices.Wiring;
import io.lemonadeoutbox.testkit.services.Operator;
import io.lemonadeoutbox.testkit.services.ProjectLayout;
import io.lemonadeoutbox.testkit.services.ServiceProcess;
import io.lemonadeoutbox.testkit.services.ServiceProcess.ServiceFailedException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The whole system on a machine with only a JDK: embedded PostgreSQL 17 and Kafka (data under {@code .local-stack/},
 * kept across restarts), then lemonade-app and thankyou-service as child JVMs. Every log goes to
 * {@code .local-stack/logs/<name>.log}; the console gets the start-up progress, the banner, then the services' WARN
 * and ERROR lines. Ctrl-C stops the services gracefully, then Kafka, then PostgreSQL.
 */
final class LocalStack implements AutoCloseable {

    private final StackSettings settings;
    private final ProjectLayout layout;
    private final StackFolder data;
    private final Map<String, ServiceLog> logs = new ConcurrentHashMap<>();
    private Infrastructure infrastructure;
    private LemonadeServices services;
    private AuditServer audit;
    private volatile boolean closing;

    LocalStack(StackSettings settings, ProjectLayout layout, StackFolder data) {
        this.settings = settings;
        this.layout = layout;
        this.data = data;
    }

    /** Starts everything, prints the banner, and returns only when a service stops by itself: 1 (Ctrl-C exits the JVM). */
    int runUntilStopped() {
        data.claim();
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "local-stack-shutdown"));
        try {
            start();
        } catch (ServiceFailedException e) {
            say(e.getMessage());
            say("stopping the stack; every line is in " + data.logs());
            close();
            return 1;
        } catch (RuntimeException e) {
            say("could not start: " + e);
            say("stopping the stack; every line is in " + data.logs());
            close();
            return 1;
        }
        printWhereEverythingIs();
        logs.values().forEach(ServiceLog::showOnConsole);
        return exitWhenAServiceStops();
    }

    void start() {
        say("starting embedded PostgreSQL on " + settings.postgresPort() + " and Kafka on " + settings.kafkaPort()
                + ", data in " + data.folder() + ", logs in " + data.logs());
        infrastructure = Infrastructure.startEmbedded(
                new EmbeddedSettings(data.folder(), settings.postgresPort(), settings.kafkaPort()));
        say("PostgreSQL and Kafka are up");
        // Separate JVMs: each service owns its class path, its Flyway migrations and its Axon configuration.
        Function<String, Consumer<String>> logOf =
                name -> logs.computeIfAbsent(name, n -> new ServiceLog(n, data.logOf(n), LocalStack::print));
        services = LemonadeServices.withOutputPerService(layout, InfrastructureServers.of(infrastructure), Wiring.STANDARD,
                settings.lemonadeAppPort(), settings.thankyouServicePort(), List.of(), logOf);
        say("starting lemonade-app on " + settings.lemonadeAppPort() + " and thankyou-service on "
                + settings.thankyouServicePort() + " (a minute or two on a small machine)");
        String user = infrastructure.postgres().username();
        String password = infrastructure.postgres().password();
        audit = AuditServer.start(new AuditSources(
                        infrastructure.postgres().jdbcUrl(Wiring.STANDARD.lemonadeDatabase()),
                        infrastructure.postgres().jdbcUrl(Wiring.STANDARD.thankyouDatabase()), user, password),
                settings.auditPort(), services.lemonadeApp().baseUrl());
        List<String> appArgs = new ArrayList<>(services.lemonadeAppArgs());
        appArgs.add("--lemonade.console.audit-url=" + audit.url());
        services.lemonadeApp().start(appArgs);
        services.thankyouService().start(services.thankyouServiceArgs());
        services.awaitHealthy(settings.startupTimeout(), LocalStack::say);
    }

    private int exitWhenAServiceStops() {
        ServiceProcess app = services.lemonadeApp();
        ServiceProcess thankyou = services.thankyouService();
        CompletableFuture.anyOf(app.onExit(), thankyou.onExit()).join();
        if (closing) {
            return 0;
        }
        ServiceProcess stopped = app.isAlive() ? thankyou : app;
        say(stopped.name() + " exited with code " + stopped.exitCode() + "; its last lines (all in "
                + data.logOf(stopped.name()) + "):");
        stopped.lastLines(40).forEach(line -> print("  " + line));
        say("stopping the stack");
        close();
        return 1;
    }

    @Override
    public synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        if (services != null) {
            say("stopping lemonade-app and thankyou-service");
            services.stop();
        }
        if (audit != null) {
            audit.close();
        }
        if (infrastructure != null) {
            say("stopping Kafka, then PostgreSQL");
            infrastructure.close();
        }
        logs.values().forEach(ServiceLog::close);
        data.release();
        say("stopped; data kept in " + data.folder() + " (" + ProjectLayout.invocation("reset")
                + " deletes it)");
    }

    private void printWhereEverythingIs() {
        String lemonadeJdbc = infrastructure.postgres().jdbcUrl(Wiring.STANDARD.lemonadeDatabase());
        String thankyouJdbc = infrastructure.postgres().jdbcUrl(Wiring.STANDARD.thankyouDatabase());
        String user = infrastructure.postgres().username();
        String password = infrastructure.postgres().password();
        print(banner(services.lemonadeApp().baseUrl(), services.thankyouService().baseUrl(),
                psqlCommand(lemonadeJdbc, user, password), psqlCommand(thankyouJdbc, user, password),
                infrastructure.kafka().bootstrapServers(), services.operator(), data));
    }

    static String banner(String app, String thankyou, String lemonadePsql, String thankyouPsql, String kafka,
                         Operator operator, StackFolder data) {
        return """

                ============================================================================================
                 lemonade-outbox is up.   Open the pipeline page:  %s/
                ============================================================================================
                 APIs        lemonade-app      %s/api/sales          (sell, refund, the event store)
                             thankyou-service  %s/api/cards          (the cards)
                 Swagger UI  %s/swagger-ui.html   %s/swagger-ui.html
                 psql        %s
                             %s
                 Kafka       %s   topics %s, %s
                 Operator    %s / %s   (HTTP Basic for /api/operations/**, and the page's
                             dead letters; new every run)
                 Audit       %s   (exit 0 when every sale has exactly one card;
                             the page's "run the audit" button does the same, read-only)

                 Sell a lemonade:
                   curl -i -X POST %s/api/sales -H 'Content-Type: application/json' \\
                        -d '{"customerName":"Ada Lovelace","customerEmail":"ada@example.com","cups":2}'
                 then see its card:  curl %s/api/cards       (more in requests.http)

                 Logs: %s/<name>.log; below, only the services' WARN and ERROR lines.
                 Ctrl-C stops everything; data stays in %s.
                ============================================================================================
                """.formatted(app, app, thankyou, app, thankyou, lemonadePsql, thankyouPsql,
                kafka, Wiring.STANDARD.topic(), Wiring.STANDARD.deadLetterTopic(),
                operator.username(), operator.password(), ProjectLayout.invocation("audit"), app, thankyou, data.logs(), data.folder());
    }

    static String psqlCommand(String jdbcUrl, String user, String password) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String database = uri.getPath().substring(1);
        return "PGPASSWORD=" + password + " psql -h " + uri.getHost() + " -p " + uri.getPort() + " -U " + user
                + " " + database;
    }

    static void say(String message) {
        print("[local-stack] " + message);
    }

    private static synchronized void print(String line) {
        System.out.println(line);
    }
}
