package io.lemonadeoutbox.stack.faults;

import java.sql.Connection;
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
final class HeldSale implements AutoCloseable {

    private final StackData data;
    private final Connection connection;
    private final String saleId;
    private final long globalIndex;
    private final int backendPid;

    private HeldSale(StackData data, Connection connection, String saleId, long globalIndex, int backendPid) {
        this.data = data;
        this.connection = connection;
        this.saleId = saleId;
        this.globalIndex = globalIndex;
        this.backendPid = backendPid;
    }

    /** Needs one real LemonadeSold in the store to copy. */
    static HeldSale begin(StackData data, String saleId) throws SQLException {
        Connection connection = data.lemonadeConnection();
        try {
            int pid;
            try (PreparedStatement query = connection.prepareStatement("select pg_backend_pid()");
                 ResultSet row = query.executeQuery()) {
                row.next();
                pid = row.getInt(1);
            }
            connection.setAutoCommit(false);
            long globalIndex = SoldRows.copiedFrom(connection).insert(connection, saleId);
            return new HeldSale(data, connection, saleId, globalIndex, pid);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    String saleId() {
        return saleId;
    }

    long globalIndex() {
        return globalIndex;
    }

    /** How long its transaction has been open, as PostgreSQL sees it; empty once the server ended the session. */
    Optional<Duration> transactionAge() throws SQLException {
        try (Connection observer = data.lemonadeConnection();
             PreparedStatement query = observer.prepareStatement("""
                     select extract(epoch from now() - xact_start) * 1000 from pg_stat_activity where pid = ?""")) {
            query.setInt(1, backendPid);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(Duration.ofMillis((long) row.getDouble(1))) : Optional.empty();
            }
        }
    }

    boolean sessionEnded() throws SQLException {
        return transactionAge().isEmpty();
    }

    void commit() throws SQLException {
        connection.commit();
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
