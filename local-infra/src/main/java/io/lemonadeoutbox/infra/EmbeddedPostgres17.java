package io.lemonadeoutbox.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** PostgreSQL 17 run from zonky's binaries as a child process; the data directory outlives stop and start. */
final class EmbeddedPostgres17 implements Postgres, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres17.class);
    private static final String USERNAME = "postgres";
    private static final String PASSWORD = "postgres";

    private final Path dataDirectory;
    private final int port;
    private final Databases databases;
    private EmbeddedPostgres server;

    private EmbeddedPostgres17(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.databases = new Databases("jdbc:postgresql://localhost:" + port + "/", USERNAME, PASSWORD);
    }

    /** Initialises the data directory if it is empty, otherwise starts on the data already there. */
    static EmbeddedPostgres17 start(Path dataDirectory, int port) {
        EmbeddedPostgres17 postgres = new EmbeddedPostgres17(dataDirectory, FreePorts.orPick(port));
        postgres.start();
        return postgres;
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            return;
        }
        long started = System.nanoTime();
        StalePostmaster.stopIfRunning(dataDirectory);
        try {
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    // the owner stops the servers in order (Kafka, then PostgreSQL), not a racing hook
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // aborts any transaction long before Axon's 60 s gap timeout could skip its events
                    .setServerConfig("transaction_timeout", "30s")
                    .setServerConfig("max_connections", "200")
                    // zonky trades durability for speed (postgres -F, synchronous_commit=off); the fault tests need it back
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL 17 did not start on port " + port, e);
        }
        log.info("Embedded PostgreSQL 17 started on port {} in {} ms (data in {})",
                port, (System.nanoTime() - started) / 1_000_000, dataDirectory);
    }

    @Override
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        long stopping = System.nanoTime();
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL 17 did not stop", e);
        } finally {
            server = null;
        }
        log.info("Embedded PostgreSQL 17 on port {} stopped in {} ms", port, (System.nanoTime() - stopping) / 1_000_000);
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String jdbcUrl(String database) {
        return databases.jdbcUrl(database);
    }

    @Override
    public void refuseConnections(String database) {
        databases.allowConnections(database, false);
    }

    @Override
    public void acceptConnections(String database) {
        databases.allowConnections(database, true);
    }

    @Override
    public String username() {
        return USERNAME;
    }

    @Override
    public String password() {
        return PASSWORD;
    }

    int port() {
        return port;
    }
}
