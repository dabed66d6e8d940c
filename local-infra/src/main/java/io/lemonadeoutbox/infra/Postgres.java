package io.lemonadeoutbox.infra;

/** PostgreSQL 17 with {@code transaction_timeout = 30s} set server-wide. */
public interface Postgres {

    /** Creates the database if it does not exist yet; safe to call from several threads. */
    String jdbcUrl(String database);

    String username();

    String password();

    /**
     * Refuses every new connection to one database and ends the open ones, superusers included, while the server
     * keeps running: its clients see their database down, every other database stays up.
     */
    void refuseConnections(String database);

    /** Undoes {@link #refuseConnections(String)}; the database's clients reconnect on their own time. */
    void acceptConnections(String database);

    /** Really stops the server; clients get connection errors until {@link #start()}. */
    void stop();

    /** Starts the server again on the same port with the same data. */
    void start();
}
