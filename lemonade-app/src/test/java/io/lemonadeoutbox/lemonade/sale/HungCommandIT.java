package io.lemonadeoutbox.lemonade.sale;

import static org.assertj.core.api.Assertions.assertThat;

import io.lemonadeoutbox.infra.Postgres;
import io.lemonadeoutbox.lemonade.LemonadeApplication;
import io.lemonadeoutbox.lemonade.RealServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What Axon's handler timeouts (off in application.yml: {@code axon.timeout.enabled=false}) would have protected,
 * and what protects it without them. A command handler here is a pure function of the command and the sale's
 * events: the only way it can hang is waiting on the database, inside the command's transaction. PostgreSQL's
 * {@code transaction_timeout} (which lemonade-app refuses to start without) ends that transaction long before Axon's
 * 30 s handler timeout would have: the client gets a problem detail, nothing is appended, and the next sale goes
 * through.
 *
 * <p>Negative control (the database's guard far above the hang, so only a handler timeout could end it in time):
 * {@code -Dlemonade.test.hung-command-transaction-timeout=45s}: the request then waits for the whole hang and the
 * first assertion fails.
 */
class HungCommandIT {

    private static final String TRANSACTION_TIMEOUT =
            System.getProperty("lemonade.test.hung-command-transaction-timeout", "2s");
    private static final Duration HANG = Duration.ofSeconds(15);
    private static final Duration ANSWERED_WITHIN = Duration.ofSeconds(8);

    @Test
    void aCommandStuckInItsTransactionIsEndedByPostgresWithoutAxonsHandlerTimeouts() throws Exception {
        Postgres postgres = RealServers.INFRA.postgres();
        String database = RealServers.uniqueName("lemonade_hung");
        String url = postgres.jdbcUrl(database);
        try (Connection admin = DriverManager.getConnection(url, postgres.username(), postgres.password());
             Statement statement = admin.createStatement()) {
            statement.execute("alter database " + database + " set transaction_timeout = '" + TRANSACTION_TIMEOUT
                    + "'");
        }
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(LemonadeApplication.class).run(
                "--server.port=0",
                "--axon.timeout.enabled=false",
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                "--spring.kafka.bootstrap-servers=" + RealServers.INFRA.kafka().bootstrapServers(),
                "--lemonade.publishing.topic=lemonade.sales." + database)) {
            String sales = "http://localhost:" + app.getEnvironment().getProperty("local.server.port") + "/api/sales";
            HttpClient http = HttpClient.newHttpClient();
            assertThat(post(http, sales, "before-hang").statusCode()).isEqualTo(201);

            HttpResponse<String> hung;
            long took;
            try (Connection blocker = DriverManager.getConnection(url, postgres.username(), postgres.password())) {
                // the blocker itself is exempt, so the lock is held for the whole hang unless the answer comes first
                blocker.createStatement().execute("set transaction_timeout = 0");
                blocker.setAutoCommit(false);
                blocker.createStatement().execute("lock table domain_event_entry in exclusive mode");
                long start = System.nanoTime();
                CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(() -> {
                    try {
                        return post(http, sales, "hung-sale");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                try {
                    hung = answer.get(HANG.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillWaiting) {
                    hung = null;
                }
                took = System.nanoTime() - start;
                blocker.commit();
                if (hung == null) {
                    hung = answer.get(60, TimeUnit.SECONDS);
                    took = System.nanoTime() - start;
                }
            }

            assertThat(Duration.ofNanos(took)).as("answered while the lock was still held, before Axon's 30 s timeout")
                    .isLessThan(ANSWERED_WITHIN);
            assertThat(hung.statusCode()).isEqualTo(500);
            assertThat(hung.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(eventsOf(url, postgres, "hung-sale")).as("events appended by the ended transaction").isZero();
            assertThat(post(http, sales, "after-hang").statusCode()).as("the next sale").isEqualTo(201);
        }
    }

    private static HttpResponse<String> post(HttpClient http, String sales, String saleId) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sales))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"saleId":"%s","customerName":"Ada","customerEmail":"ada@example.com","cups":1}"""
                        .formatted(saleId)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long eventsOf(String url, Postgres postgres, String saleId) throws Exception {
        try (Connection c = DriverManager.getConnection(url, postgres.username(), postgres.password());
             PreparedStatement q = c.prepareStatement(
                     "select count(*) from domain_event_entry where aggregate_identifier = ?")) {
            q.setString(1, saleId);
            ResultSet r = q.executeQuery();
            r.next();
            return r.getLong(1);
        }
    }
}
