package io.lemonadeoutbox.infra;

/** PostgreSQL 17 with {@code transaction_timeout = 30s} set server-wide. */
public interface Postgres {

    /** Creates the database if it does not exist yet; safe to call from several threads. */
    String jdbcUrl(String database);

    String username();

    String password();

    /** Really stops the server; clients get connection errors until {@link #start()}. */
    void stop();

    /** Starts the server again on the same port with the same data. */
    void start();
}
