package io.lemonadeoutbox.lemonade.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lemonadeoutbox.infra.Postgres;
import io.lemonadeoutbox.lemonade.LemonadeApplication;
import io.lemonadeoutbox.lemonade.RealServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.actuate.health.SystemHealth;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Pitfalls 2 and 12 at start-up, on real PostgreSQL 17 and Kafka: the app refuses to run where a gap could be given
 * up while its transaction can still commit, where the publisher's timeouts do not compose, or with
 * confirmation-mode none; each refusal names the setting. And a segment no instance claims makes health DOWN.
 */
class PublishingSettingsCheckIT {

    @ParameterizedTest(name = "transaction_timeout {0}, {1}")
    @CsvSource(delimiter = '|', value = {
            "0    | --lemonade.publishing.batch-size=100              | transaction_timeout is 0",
            "50s  | --lemonade.publishing.batch-size=100              | lemonade.publishing.gap-timeout is PT1M15S but must be at least PT1M50S",
            "30s  | --lemonade.publishing.gap-timeout=60s             | lemonade.publishing.gap-timeout is PT1M but must be at least PT1M10S",
            "30s  | --axon.kafka.producer.properties[delivery.timeout.ms]=120000 | delivery.timeout.ms] is 120000 but must be at most lemonade.publishing.ack-timeout",
            "30s  | --lemonade.publishing.ack-timeout=20s             | lemonade.publishing.ack-timeout PT20S + the producer's max.block.ms 5000 + delivery.timeout.ms 10000",
            "30s  | --axon.kafka.publisher.confirmation-mode=none     | axon.kafka.publisher.confirmation-mode=NONE"})
    void refusesToStartNamingTheSetting(String transactionTimeout, String setting, String message) throws Exception {
        String database = databaseWithTransactionTimeout(transactionTimeout);

        assertThatThrownBy(() -> start(database, setting).close())
                .rootCause()
                .hasMessageContaining("refusing to start")
                .hasMessageContaining(message);
    }

    @Test
    void startsWithTheDefaultsOnTheStacksTransactionTimeout() throws Exception {
        String database = databaseWithTransactionTimeout("30s");
        try (ConfigurableApplicationContext app = start(database)) {
            assertThat(app.isRunning()).isTrue();
        }
    }

    /**
     * A lone instance with fewer threads than segments leaves one segment to nobody: DOWN, with the reason; with as
     * many threads as segments it stays UP past the same time. (Two real instances sharing the segments, each UP:
     * lemonade-stack's TwoPublishersFaultIT. Two in one JVM would share one token owner name, so they are not used.)
     */
    @ParameterizedTest(name = "{0} threads for 2 segments")
    @CsvSource({"1, DOWN", "2, UP"})
    void aSegmentNoInstanceClaimsMakesPublishingHealthDown(int threads, String expected) throws Exception {
        String database = databaseWithTransactionTimeout("30s");
        try (ConfigurableApplicationContext app = start(database, "--lemonade.publishing.segments=2",
                "--lemonade.publishing.threads=" + threads, "--axon.eventhandling.tokenstore.claim-timeout=2s")) {
            HealthEndpoint health = app.getBean(HealthEndpoint.class);
            Status status = new Status(expected);
            await("publishing " + expected + " for 8 s, twice the claim timeout and more")
                    .atMost(Duration.ofSeconds(40)).during(Duration.ofSeconds(8))
                    .until(() -> publishing(health).getStatus().equals(status));
            Map<String, Object> details = ((Health) publishing(health)).getDetails();
            if (threads == 1) {
                assertThat(details.get("unclaimedSegments")).isEqualTo(List.of(1));
                assertThat(String.valueOf(details.get("reason"))).contains("claimed by no instance");
            } else {
                assertThat(details).doesNotContainKey("unclaimedSegments");
            }
        }
    }

    private static HealthComponent publishing(HealthEndpoint health) {
        return ((SystemHealth) health.health()).getComponents().get("publishing");
    }

    private static String databaseWithTransactionTimeout(String timeout) throws Exception {
        Postgres postgres = RealServers.INFRA.postgres();
        String database = RealServers.uniqueName("lemonade_check");
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(database), postgres.username(),
                postgres.password()); Statement statement = connection.createStatement()) {
            statement.execute("alter database " + database + " set transaction_timeout = '" + timeout + "'");
        }
        return database;
    }

    private static ConfigurableApplicationContext start(String database, String... settings) {
        Postgres postgres = RealServers.INFRA.postgres();
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + postgres.jdbcUrl(database),
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                "--spring.kafka.bootstrap-servers=" + RealServers.INFRA.kafka().bootstrapServers(),
                "--lemonade.publishing.topic=lemonade.sales." + database));
        args.addAll(List.of(settings));
        return new SpringApplicationBuilder(LemonadeApplication.class).run(args.toArray(String[]::new));
    }
}
