package io.lemonadeoutbox.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackSettingsTest {

    @Test
    void defaultsStayOffTheUsualPostgresAndKafkaPorts() {
        StackSettings settings = StackSettings.from(new String[0], new Properties());

        assertThat(settings).isEqualTo(StackSettings.DEFAULTS);
        assertThat(settings.postgresPort()).isNotEqualTo(5432);
        assertThat(settings.kafkaPort()).isNotEqualTo(9092);
    }

    @Test
    void argumentsWinOverSystemProperties() {
        Properties properties = new Properties();
        properties.setProperty("lemonade.postgres-port", "6000");
        properties.setProperty("lemonade.kafka-port", "6001");

        StackSettings settings = StackSettings.from(
                new String[] {"--postgres-port=7000", "--startup-timeout-seconds=30"}, properties);

        assertThat(settings.postgresPort()).isEqualTo(7000);
        assertThat(settings.kafkaPort()).isEqualTo(6001);
        assertThat(settings.startupTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aBadArgumentIsRejectedWithTheUsage() {
        assertThatThrownBy(() -> StackSettings.from(new String[] {"--kafka-port=lots"}, new Properties()))
                .hasMessageContaining("kafka-port must be a number").hasMessageContaining("--postgres-port=5433");
        assertThatThrownBy(() -> StackSettings.from(new String[] {"start"}, new Properties()))
                .hasMessageContaining("unknown argument start");
    }

    @Test
    void aMissingJarNamesTheBuildCommand(@TempDir Path emptyProject) {
        ProjectLayout layout = new ProjectLayout(emptyProject);

        assertThatThrownBy(layout::lemonadeAppJar)
                .hasMessageContaining(emptyProject.resolve("lemonade-app/target/lemonade-app.jar").toString())
                .hasMessageContaining("./mvnw -q package -DskipTests");
    }

    @Test
    void thePsqlCommandConnectsToTheDatabaseOfTheJdbcUrl() {
        assertThat(LocalStack.psqlCommand("jdbc:postgresql://localhost:5433/thankyou", "postgres", "secret"))
                .isEqualTo("PGPASSWORD=secret psql -h localhost -p 5433 -U postgres thankyou");
    }
}
