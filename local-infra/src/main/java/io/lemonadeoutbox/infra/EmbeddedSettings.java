package io.lemonadeoutbox.infra;

import java.nio.file.Path;

/**
 * Where the embedded servers keep their data and which ports they listen on.
 * A {@code null} data directory means a temporary one, deleted on close; port 0 means any free port.
 */
public record EmbeddedSettings(Path dataDirectory, int postgresPort, int kafkaPort) {

    public EmbeddedSettings {
        if (postgresPort < 0 || kafkaPort < 0) {
            throw new IllegalArgumentException("ports must be 0 (any free port) or positive");
        }
        if (postgresPort != 0 && postgresPort == kafkaPort) {
            throw new IllegalArgumentException("PostgreSQL and Kafka need different ports, both were " + kafkaPort);
        }
    }

    /** Temporary data and free ports: what tests use when there is no Docker. */
    public static EmbeddedSettings throwaway() {
        return new EmbeddedSettings(null, 0, 0);
    }
}
