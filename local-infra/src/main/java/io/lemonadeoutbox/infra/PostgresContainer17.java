package io.lemonadeoutbox.infra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/** PostgreSQL 17 in Docker on a fixed host port, so that stop and start keep both its port and its data. */
final class PostgresContainer17 implements Postgres, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresContainer17.class);
    private static final int POSTGRES_PORT = 5432;
    private static final String USERNAME = "postgres";
    private static final String PASSWORD = "postgres";

    private final PostgreSQLContainer<?> container;
    private final Databases databases;
    private boolean running;

    private PostgresContainer17(int hostPort) {
        this.container = new PostgreSQLContainer<>("postgres:17")
                .withUsername(USERNAME)
                .withPassword(PASSWORD)
                .withDatabaseName("postgres")
                // replaces Testcontainers' default "-c fsync=off": these are durability tests
                .withCommand("postgres", "-c", "transaction_timeout=30s", "-c", "max_connections=200")
                .withCreateContainerCmdModifier(DockerContainers.publish(POSTGRES_PORT, hostPort));
        this.databases = new Databases("jdbc:postgresql://" + container.getHost() + ":" + hostPort + "/", USERNAME, PASSWORD);
    }

    static PostgresContainer17 launch() {
        PostgresContainer17 postgres = new PostgresContainer17(FreePorts.pick());
        long started = System.nanoTime();
        postgres.container.start();
        postgres.running = true;
        log.info("PostgreSQL 17 container started on port {} in {} ms",
                postgres.container.getMappedPort(POSTGRES_PORT), (System.nanoTime() - started) / 1_000_000);
        return postgres;
    }

    @Override
    public synchronized void stop() {
        if (running) {
            DockerContainers.stopKeepingData(container);
            running = false;
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        DockerContainers.startAgain(container);
        Await.until("PostgreSQL container", Duration.ofSeconds(60), this::acceptsConnections);
        running = true;
    }

    @Override
    public synchronized void close() {
        container.stop();
        running = false;
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

    private boolean acceptsConnections() {
        try (Connection connection = DriverManager.getConnection(container.getJdbcUrl(), USERNAME, PASSWORD)) {
            return connection.isValid(2);
        } catch (SQLException notYet) {
            return false;
        }
    }
}
