package io.lemonadeoutbox.api.startup;

import io.lemonadeoutbox.api.problem.Outages;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;

/**
 * Flyway waits for a database that is not there yet ({@code spring.flyway.connect-retries}), but a connection that
 * breaks during the migration (a PostgreSQL restart, a failover, a connection ended by an administrator) fails it,
 * and the service exits. PostgreSQL runs each migration in a transaction, so the failed one left nothing: the
 * migration is run again while the failure is an outage ({@link Outages}), within the same time Flyway gives the
 * first connection. A failure that is not an outage (a bad migration, a checksum mismatch) still stops the start.
 */
@AutoConfiguration
@ConditionalOnClass(Flyway.class)
public class MigrationThroughOutages {

    private static final Logger log = LoggerFactory.getLogger(MigrationThroughOutages.class);

    /** Sleeps between attempts; a test passes one that does not. */
    interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    @Bean
    @ConditionalOnMissingBean
    FlywayMigrationStrategy migrationThroughOutages() {
        return flyway -> migrate(flyway, duration -> Thread.sleep(duration.toMillis()));
    }

    static void migrate(Flyway flyway, Pause pause) {
        int retries = flyway.getConfiguration().getConnectRetries();
        Duration interval = Duration.ofSeconds(Math.max(1, flyway.getConfiguration().getConnectRetriesInterval()));
        for (int attempt = 0; ; attempt++) {
            try {
                flyway.migrate();
                return;
            } catch (FlywayException e) {
                if (!Outages.isOutage(e) || attempt >= retries) {
                    throw e;
                }
                log.warn("the migration met a database outage ({}); trying again in {} s ({} of {})",
                        e.getMessage().lines().findFirst().orElse(""), interval.toSeconds(), attempt + 1, retries);
                try {
                    pause.sleep(interval);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
