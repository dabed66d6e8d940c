package io.lemonadeoutbox.bench;

import io.lemonadeoutbox.infra.Databases;
import io.lemonadeoutbox.infra.Infrastructure;
import io.lemonadeoutbox.infra.Kafka;
import io.lemonadeoutbox.infra.Postgres;

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
    public String jdbcUrl(String database) {
        return new Databases(jdbcPrefix, user, password).jdbcUrl(database);
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
