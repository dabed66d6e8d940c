package io.lemonadeoutbox.infra;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

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

    /** Starts both at once (neither needs the other): PostgreSQL here, Kafka on a thread of its own. */
    static EmbeddedInfrastructure start(EmbeddedSettings settings) {
        Path temporaryDirectory = settings.dataDirectory() == null ? TemporaryDirectory.create("lemonade-infra-") : null;
        Path dataDirectory = temporaryDirectory != null ? temporaryDirectory : settings.dataDirectory();
        // chosen together, before either server binds: a port picked while the other server is still starting
        // could be the very one it is about to bind
        int[] free = FreePorts.pick(3);
        int postgresPort = settings.postgresPort() == 0 ? free[0] : settings.postgresPort();
        int kafkaPort = settings.kafkaPort() == 0 ? free[1] : settings.kafkaPort();
        int controllerPort = free[2];
        CompletableFuture<EmbeddedKafkaBroker> kafka = CompletableFuture.supplyAsync(
                () -> EmbeddedKafkaBroker.start(dataDirectory.resolve("kafka"), kafkaPort, controllerPort),
                task -> new Thread(task, "embedded-kafka-start").start());
        EmbeddedPostgres17 postgres;
        try {
            postgres = EmbeddedPostgres17.start(dataDirectory.resolve("postgres"), postgresPort);
        } catch (RuntimeException e) {
            kafka.thenAccept(EmbeddedKafkaBroker::close).exceptionally(ignored -> null).join();
            throw e;
        }
        try {
            return new EmbeddedInfrastructure(postgres, kafka.join(), temporaryDirectory);
        } catch (CompletionException e) {
            postgres.close();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
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
