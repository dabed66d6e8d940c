package io.lemonadeoutbox.infra;

import java.nio.file.Path;

/** PostgreSQL and Kafka running on this machine without Docker: the local stack, and tests where Docker is absent. */
final class EmbeddedInfrastructure implements Infrastructure {

    private final EmbeddedPostgres17 postgres;
    private final EmbeddedKafkaBroker kafka;
    private final Path temporaryDirectory;

    private EmbeddedInfrastructure(EmbeddedPostgres17 postgres, EmbeddedKafkaBroker kafka, Path temporaryDirectory) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.temporaryDirectory = temporaryDirectory;
    }

    static EmbeddedInfrastructure start(EmbeddedSettings settings) {
        Path temporaryDirectory = settings.dataDirectory() == null ? TemporaryDirectory.create("lemonade-infra-") : null;
        Path dataDirectory = temporaryDirectory != null ? temporaryDirectory : settings.dataDirectory();
        EmbeddedPostgres17 postgres = EmbeddedPostgres17.start(dataDirectory.resolve("postgres"), settings.postgresPort());
        try {
            EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(dataDirectory.resolve("kafka"), settings.kafkaPort());
            return new EmbeddedInfrastructure(postgres, kafka, temporaryDirectory);
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    @Override
    public String kind() {
        return "embedded";
    }

    @Override
    public Postgres postgres() {
        return postgres;
    }

    @Override
    public Kafka kafka() {
        return kafka;
    }

    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            postgres.close();
            if (temporaryDirectory != null) {
                TemporaryDirectory.delete(temporaryDirectory);
            }
        }
    }
}
