package io.lemonadeoutbox.bench;

import io.lemonadeoutbox.infra.Infrastructure;
import io.lemonadeoutbox.infra.Kafka;
import io.lemonadeoutbox.infra.Postgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** PostgreSQL and Kafka that someone else runs: the benchmark uses them but cannot stop or start them. */
record ExternalInfrastructure(String jdbcPrefix, String user, String password, String bootstrapServers)
        implements Infrastructure, Postgres, Kafka {

    @Override
    public String kind() {
        return "external";
    }

    @Override
    public Postgres postgres() {
        return this;
    }

    @Override
    public Kafka kafka() {
        return this;
    }

    @Override
    public synchronized String jdbcUrl(String database) {
        try (Connection c = DriverManager.getConnection(jdbcPrefix + "postgres", user, password);
             var exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, database);
            if (!exists.executeQuery().next()) {
                c.createStatement().execute("create database \"" + database + "\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database + " at " + jdbcPrefix, e);
        }
        return jdbcPrefix + database;
    }

    @Override
    public String username() {
        return user;
    }

    @Override
    public void refuseConnections(String database) {
        throw new UnsupportedOperationException("an external server's databases are not ours to close");
    }

    @Override
    public void acceptConnections(String database) {
        throw new UnsupportedOperationException("an external server's databases are not ours to close");
    }

    @Override
    public void stop() {
        throw new UnsupportedOperationException("an external server is not ours to stop");
    }

    @Override
    public void start() {
        throw new UnsupportedOperationException("an external server is not ours to start");
    }

    @Override
    public void close() {
    }
}
