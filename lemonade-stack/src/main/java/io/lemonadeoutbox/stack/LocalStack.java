package io.lemonadeoutbox.stack;

import io.lemonadeoutbox.infra.EmbeddedSettings;
import io.lemonadeoutbox.infra.Infrastructure;
import io.lemonadeoutbox.stack.LemonadeServices.Wiring;
import io.lemonadeoutbox.stack.ServiceProcess.ServiceFailedException;
import io.lemonadeoutbox.stack.audit.Audit;
import io.lemonadeoutbox.stack.campaign.CampaignCommand;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The whole system on a machine with only a JDK: embedded PostgreSQL 17 and Kafka (data under {@code .local-stack/},
 * kept across restarts), then lemonade-app and thankyou-service as child JVMs. Ctrl-C stops the services gracefully,
 * then Kafka, then PostgreSQL.
 */
public final class LocalStack implements AutoCloseable {

    private final StackSettings settings;
    private final ProjectLayout layout;
    private Infrastructure infrastructure;
    private LemonadeServices services;
    private volatile boolean closing;

    LocalStack(StackSettings settings, ProjectLayout layout) {
        this.settings = settings;
        this.layout = layout;
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("campaign")) {
            CampaignCommand.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        StackSettings settings;
        ProjectLayout layout = ProjectLayout.detect();
        try {
            settings = StackSettings.from(args, System.getProperties());
            layout.lemonadeAppJar();
            layout.thankyouServiceJar();
            requireFreePorts(settings);
        } catch (IllegalArgumentException | IllegalStateException e) {
            say(e.getMessage());
            System.exit(2);
            return;
        }

        LocalStack stack = new LocalStack(settings, layout);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-shutdown"));
        try {
            stack.start();
        } catch (ServiceFailedException e) {
            say(e.getMessage());
            say("stopping the stack");
            stack.close();
            System.exit(1);
        } catch (RuntimeException e) {
            say("could not start: " + e);
            stack.close();
            System.exit(1);
        }
        stack.printWhereEverythingIs();
        stack.exitWhenAServiceStops();
    }

    void start() {
        say("starting embedded PostgreSQL on " + settings.postgresPort() + " and Kafka on " + settings.kafkaPort()
                + ", data in " + layout.localStackData());
        infrastructure = Infrastructure.startEmbedded(
                new EmbeddedSettings(layout.localStackData(), settings.postgresPort(), settings.kafkaPort()));
        // Separate JVMs: each service owns its class path, its Flyway migrations and its Axon configuration.
        services = new LemonadeServices(layout, infrastructure, Wiring.STANDARD,
                settings.lemonadeAppPort(), settings.thankyouServicePort(), List.of(), LocalStack::print);
        say("starting lemonade-app on " + settings.lemonadeAppPort() + " and thankyou-service on "
                + settings.thankyouServicePort());
        services.start();
        services.awaitHealthy(settings.startupTimeout(), LocalStack::say);
    }

    private void exitWhenAServiceStops() {
        ServiceProcess app = services.lemonadeApp();
        ServiceProcess thankyou = services.thankyouService();
        CompletableFuture.anyOf(app.onExit(), thankyou.onExit()).join();
        if (closing) {
            return;
        }
        ServiceProcess stopped = app.isAlive() ? thankyou : app;
        say(stopped.name() + " exited with code " + stopped.exitCode() + "; its last lines:");
        stopped.lastLines(40).forEach(line -> print("  " + line));
        say("stopping the stack");
        close();
        System.exit(1);
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
        if (infrastructure != null) {
            say("stopping Kafka, then PostgreSQL");
            infrastructure.close();
        }
        say("stopped; data kept in " + layout.localStackData());
    }

    private void printWhereEverythingIs() {
        String lemonadeJdbc = infrastructure.postgres().jdbcUrl(Wiring.STANDARD.lemonadeDatabase());
        String thankyouJdbc = infrastructure.postgres().jdbcUrl(Wiring.STANDARD.thankyouDatabase());
        String user = infrastructure.postgres().username();
        String password = infrastructure.postgres().password();
        String app = services.lemonadeApp().baseUrl();
        String thankyou = services.thankyouService().baseUrl();
        String text = """

                ============================================================================================
                 lemonade-outbox is up (embedded PostgreSQL 17 + Kafka; data in %s)
                ============================================================================================
                 lemonade-app      API         %s/api/sales
                                   Swagger UI  %s/swagger-ui.html
                                   health      %s/actuator/health
                 thankyou-service  API         %s/api/cards
                                   Swagger UI  %s/swagger-ui.html
                                   health      %s/actuator/health
                 PostgreSQL        lemonade    %s
                                   thankyou    %s
                                   user        %s / %s
                                   psql        %s
                 Kafka             bootstrap   %s   topics %s, %s
                 Operator          %s / %s   (for /api/operations/**; new every run)

                 Sell a lemonade:
                   curl -i -X POST %s/api/sales -H 'Content-Type: application/json' \\
                        -d '{"customerName":"Ada Lovelace","customerEmail":"ada@example.com","cups":2}'
                 then see its card:  curl %s/api/cards       (more in requests.http)
                 Audit sales against cards (exit 0 when clean):  %s

                 Ctrl-C stops everything. Delete .local-stack/ for a fresh start.
                ============================================================================================
                """.formatted(layout.localStackData(), app, app, app, thankyou, thankyou, thankyou,
                lemonadeJdbc, thankyouJdbc, user, password, psqlCommand(lemonadeJdbc, user, password),
                infrastructure.kafka().bootstrapServers(), Wiring.STANDARD.topic(), Wiring.STANDARD.deadLetterTopic(),
                services.operator().username(), services.operator().password(),
                app, thankyou, Audit.command());
        print(text);
    }

    static String psqlCommand(String jdbcUrl, String user, String password) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String database = uri.getPath().substring(1);
        return "PGPASSWORD=" + password + " psql -h " + uri.getHost() + " -p " + uri.getPort() + " -U " + user
                + " " + database;
    }

    private static void requireFreePorts(StackSettings settings) {
        Map<String, Integer> ports = Map.of(
                "PostgreSQL", settings.postgresPort(), "Kafka", settings.kafkaPort(),
                "lemonade-app", settings.lemonadeAppPort(), "thankyou-service", settings.thankyouServicePort());
        ports.forEach((what, port) -> {
            try (ServerSocket probe = new ServerSocket(port)) {
                probe.setReuseAddress(true);
            } catch (IOException e) {
                throw new IllegalStateException("port " + port + " for " + what + " is in use (another local stack,"
                        + " or a local install?). Pick another one: " + StackSettings.usage());
            }
        });
    }

    private static void say(String message) {
        print("[local-stack] " + message);
    }

    private static synchronized void print(String line) {
        System.out.println(line);
    }
}
