package io.lemonadeoutbox.stack;

import java.time.Duration;

/**
 * Ports and start-up timeout of the local stack ({@link RunCommand} reads them from the command line). The defaults
 * stay off 5432 and 9092 so a local PostgreSQL or Kafka keeps running.
 */
public record StackSettings(int postgresPort, int kafkaPort, int lemonadeAppPort, int thankyouServicePort,
                            int auditPort, Duration startupTimeout) {

    public static final StackSettings DEFAULTS =
            new StackSettings(5433, 9093, 8080, 8081, 8082, Duration.ofSeconds(240));
}
