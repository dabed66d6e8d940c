package io.lemonadeoutbox.api.startup;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.internal.exception.FlywaySqlException;
import org.junit.jupiter.api.Test;

/** A migration broken by the connection is run again, within Flyway's own connect-retries; anything else stops. */
class MigrationThroughOutagesTest {

    private static final FlywayException CONNECTION_ENDED = new FlywaySqlException("Unable to commit transaction",
            new SQLException("An I/O error occurred while sending to the backend.", "08006"));

    private final List<Duration> pauses = new ArrayList<>();
    private final Flyway flyway = flywayWithConnectRetries(3, 5);

    @Test
    void aMigrationBrokenByItsConnectionIsRunAgainUntilItSucceeds() {
        when(flyway.migrate()).thenThrow(CONNECTION_ENDED).thenThrow(CONNECTION_ENDED).thenReturn(null);

        MigrationThroughOutages.migrate(flyway, pauses::add);

        verify(flyway, times(3)).migrate();
        Assertions.assertThat(pauses).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    @Test
    void aFailureThatIsNotAnOutageStopsTheStartAtOnce() {
        FlywayException badMigration = new FlywayException("Validate failed: checksum mismatch for version 2");
        when(flyway.migrate()).thenThrow(badMigration);

        assertThatThrownBy(() -> MigrationThroughOutages.migrate(flyway, pauses::add)).isSameAs(badMigration);
        verify(flyway, times(1)).migrate();
        Assertions.assertThat(pauses).isEmpty();
    }

    @Test
    void anOutageThatOutlastsTheConnectRetriesStopsTheStart() {
        when(flyway.migrate()).thenThrow(CONNECTION_ENDED);

        assertThatThrownBy(() -> MigrationThroughOutages.migrate(flyway, pauses::add)).isSameAs(CONNECTION_ENDED);
        verify(flyway, times(4)).migrate();
        Assertions.assertThat(pauses).hasSize(3);
    }

    private static Flyway flywayWithConnectRetries(int retries, int intervalSeconds) {
        Flyway flyway = mock(Flyway.class);
        Configuration configuration = mock(Configuration.class);
        when(configuration.getConnectRetries()).thenReturn(retries);
        when(configuration.getConnectRetriesInterval()).thenReturn(intervalSeconds);
        when(flyway.getConfiguration()).thenReturn(configuration);
        return flyway;
    }
}
