package io.lemonadeoutbox.infra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The databases of one PostgreSQL server: creates each on first use, once, even when several threads (or JVMs) ask
 * at the same time; and makes one of them refuse connections while the server keeps running. Every server the tests,
 * the stack and the benchmark use hands out its databases through it, a server someone else runs too.
 */
public final class Databases {

    private static final Pattern PLAIN_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final String DUPLICATE_DATABASE = "42P04";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String ADMIN_DATABASE = "postgres";

    private final String serverUrl;
    private final String username;
    private final String password;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    /** {@code serverUrl} ends with the slash a database name follows: {@code jdbc:postgresql://host:port/}. */
    public Databases(String serverUrl, String username, String password) {
        this.serverUrl = serverUrl;
        this.username = username;
        this.password = password;
    }

    /** The database's JDBC URL, after creating it if it did not exist; names are lower-case letters, digits and _. */
    public String jdbcUrl(String database) {
        requirePlainName(database);
        if (!known.contains(database)) {
            synchronized (this) {
                if (!known.contains(database)) {
                    createIfAbsent(database);
                    known.add(database);
                }
            }
        }
        return serverUrl + database;
    }

    public void allowConnections(String database, boolean allowed) {
        requirePlainName(database);
        if (ADMIN_DATABASE.equals(database)) {
            throw new IllegalArgumentException("the admin database must keep accepting connections: " + database);
        }
        try (Connection admin = DriverManager.getConnection(serverUrl + ADMIN_DATABASE, username, password);
             Statement statement = admin.createStatement()) {
            // the name is checked above and ALTER DATABASE takes no parameters
            statement.execute("ALTER DATABASE \"" + database + "\" WITH ALLOW_CONNECTIONS " + allowed);
            if (!allowed) {
                // the flag only stops new connections; pooled ones would otherwise keep working
                try (PreparedStatement terminate = admin.prepareStatement(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ?")) {
                    terminate.setString(1, database);
                    terminate.executeQuery().close();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not " + (allowed ? "allow" : "refuse") + " connections to "
                    + database + " on " + serverUrl, e);
        }
    }

    private static void requirePlainName(String database) {
        if (database == null || !PLAIN_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("database name must be lower-case letters, digits and _: " + database);
        }
    }

    private void createIfAbsent(String database) {
        try (Connection connection = DriverManager.getConnection(serverUrl + ADMIN_DATABASE, username, password)) {
            if (exists(connection, database)) {
                return;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE \"" + database + "\"");
            } catch (SQLException e) {
                // another JVM (a second app on the same server) created it between our check and our CREATE
                if (!DUPLICATE_DATABASE.equals(e.getSQLState()) && !UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + database + " on " + serverUrl, e);
        }
    }

    private static boolean exists(Connection connection, String database) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, database);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }
}
