package io.lemonadeoutbox.stack;

import io.lemonadeoutbox.stack.audit.AuditSources;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * A LemonadeSold event inserted by hand into the event store in a transaction that is then left open, as a slow
 * command would: its {@code global_index} is handed out now, but it becomes visible only if and when it commits.
 * The row copies the shape of a real LemonadeSold row ({@link SoldRows}).
 */
public final class HeldSale implements AutoCloseable {

    public static final String SOLD = SoldRows.SOLD;

    private final AuditSources data;
    private final Connection connection;
    private final String saleId;
    private final long globalIndex;
    private final int backendPid;
    private final int cups;

    private HeldSale(AuditSources data, Connection connection, String saleId, long globalIndex, int backendPid,
                     int cups) {
        this.data = data;
        this.connection = connection;
        this.saleId = saleId;
        this.globalIndex = globalIndex;
        this.backendPid = backendPid;
        this.cups = cups;
    }

    /** Needs one real LemonadeSold in the store to copy. */
    public static HeldSale begin(AuditSources data, String saleId) throws SQLException {
        Connection connection = lemonadeConnection(data);
        try {
            int pid;
            try (PreparedStatement query = connection.prepareStatement("select pg_backend_pid()");
                 ResultSet row = query.executeQuery()) {
                row.next();
                pid = row.getInt(1);
            }
            connection.setAutoCommit(false);
            SoldRows rows = SoldRows.copiedFrom(connection);
            long globalIndex = rows.insert(connection, saleId);
            return new HeldSale(data, connection, saleId, globalIndex, pid, rows.cups());
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    public String saleId() {
        return saleId;
    }

    /** The customer's name on the held row; its email is {@code <saleId>@example.com}. */
    public String customerName() {
        return "Held " + saleId;
    }

    /** The cups of the real sale it copied. */
    public int cups() {
        return cups;
    }

    public long globalIndex() {
        return globalIndex;
    }

    /** How long its transaction has been open, as PostgreSQL sees it; empty once the server ended the session. */
    public Optional<Duration> transactionAge() throws SQLException {
        try (Connection observer = lemonadeConnection(data);
             PreparedStatement query = observer.prepareStatement("""
                     select extract(epoch from now() - xact_start) * 1000 from pg_stat_activity where pid = ?""")) {
            query.setInt(1, backendPid);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(Duration.ofMillis((long) row.getDouble(1))) : Optional.empty();
            }
        }
    }

    public boolean sessionEnded() throws SQLException {
        return transactionAge().isEmpty();
    }

    public void commit() throws SQLException {
        connection.commit();
    }

    /** Gives the row up: its global index stays a gap for ever. */
    public void rollback() throws SQLException {
        connection.rollback();
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    private static Connection lemonadeConnection(AuditSources data) throws SQLException {
        return DriverManager.getConnection(data.lemonadeJdbcUrl(), data.user(), data.password());
    }
}
