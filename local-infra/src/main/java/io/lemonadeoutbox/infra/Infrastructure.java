package io.lemonadeoutbox.infra;

/** A real PostgreSQL 17 and a real Kafka broker, either in Docker containers or embedded in this JVM. */
public interface Infrastructure extends AutoCloseable {

    /** Testcontainers if a Docker engine answers, else embedded servers; {@code LEMONADE_INFRA} forces one. */
    static Infrastructure start() {
        return InfrastructureChoice.fromEnvironment().start();
    }

    /**
     * Embedded servers on the given ports, data kept under the given folder (see {@link EmbeddedSettings}).
     * The caller must close it: PostgreSQL is a separate process that outlives a JVM which exits without
     * closing (the next start on the same folder stops such a leftover first).
     */
    static Infrastructure startEmbedded(EmbeddedSettings settings) {
        return EmbeddedInfrastructure.start(settings);
    }

    /** {@code "testcontainers"} or {@code "embedded"}. */
    String kind();

    Postgres postgres();

    Kafka kafka();

    /** Stops Kafka, then PostgreSQL. */
    @Override
    void close();
}
