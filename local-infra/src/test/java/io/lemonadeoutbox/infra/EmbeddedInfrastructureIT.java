package io.lemonadeoutbox.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.lemonadeoutbox.testkit.KafkaTopics;
import io.lemonadeoutbox.testkit.TopicReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local stack: fixed ports, and a data folder that a later run starts from. */
class EmbeddedInfrastructureIT {

    @TempDir
    Path folder;

    @Test
    void aLaterRunOnTheSameFolderHasTheSamePortsRowsAndRecords() throws Exception {
        int postgresPort = FreePorts.pick();
        int kafkaPort = FreePorts.pick();
        EmbeddedSettings settings = new EmbeddedSettings(folder, postgresPort, kafkaPort);

        try (Infrastructure firstRun = Infrastructure.startEmbedded(settings)) {
            assertThat(firstRun.kind()).isEqualTo("embedded");
            assertThat(firstRun.postgres().jdbcUrl("lemonade")).isEqualTo("jdbc:postgresql://localhost:" + postgresPort + "/lemonade");
            assertThat(firstRun.kafka().bootstrapServers()).isEqualTo("localhost:" + kafkaPort);
            execute(firstRun.postgres(), "CREATE TABLE sale (id text PRIMARY KEY)");
            execute(firstRun.postgres(), "INSERT INTO sale VALUES ('sale-1')");
            new KafkaTopics(firstRun.kafka().bootstrapServers()).send("lemonade.sales", "sale-1", "from-the-first-run");
        }

        long started = System.nanoTime();
        try (Infrastructure secondRun = Infrastructure.startEmbedded(settings)) {
            System.out.printf("Embedded PostgreSQL and Kafka on existing data started in %d ms%n",
                    (System.nanoTime() - started) / 1_000_000);
            assertThat(firstSaleId(secondRun.postgres())).isEqualTo("sale-1");
            assertThat(TopicReader.awaitValues(secondRun.kafka().bootstrapServers(), "lemonade.sales", List.of("from-the-first-run")))
                    .containsExactly("from-the-first-run");
        }
    }

    private static void execute(Postgres postgres, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("lemonade"), postgres.username(), postgres.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String firstSaleId(Postgres postgres) throws Exception {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("lemonade"), postgres.username(), postgres.password());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id FROM sale")) {
            rows.next();
            return rows.getString(1);
        }
    }
}
