package io.lemonadeoutbox.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lemonadeoutbox.testkit.services.ProjectLayout;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class StackSettingsTest {

    @AfterEach
    void forgetSystemProperties() {
        System.clearProperty("lemonade.postgres-port");
        System.clearProperty("lemonade.kafka-port");
    }

    @Test
    void defaultsStayOffTheUsualPostgresAndKafkaPorts() {
        StackSettings settings = run().settings();

        assertThat(settings).isEqualTo(StackSettings.DEFAULTS);
        assertThat(settings.postgresPort()).isNotEqualTo(5432);
        assertThat(settings.kafkaPort()).isNotEqualTo(9092);
    }

    @Test
    void argumentsWinOverSystemProperties() {
        System.setProperty("lemonade.postgres-port", "6000");
        System.setProperty("lemonade.kafka-port", "6001");

        StackSettings settings = run("--postgres-port=7000", "--startup-timeout-seconds=30").settings();

        assertThat(settings.postgresPort()).isEqualTo(7000);
        assertThat(settings.kafkaPort()).isEqualTo(6001);
        assertThat(settings.startupTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aBadArgumentIsRejectedWithTheUsage() {
        assertThatThrownBy(() -> run("--kafka-port=lots"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--kafka-port").hasMessageContaining("lots");
        assertThatThrownBy(() -> run("start"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("start");
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

    private static RunCommand run(String... args) {
        return CommandLine.populateCommand(new RunCommand(), args);
    }
}
