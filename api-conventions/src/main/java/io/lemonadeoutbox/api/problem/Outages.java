package io.lemonadeoutbox.api.problem;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a dependency that is down from a defect: only a failure to reach the database is an outage, so a request or
 * record the database refuses is never waited for as if it were down. Whatever wraps it (Spring's
 * {@code CannotGetJdbcConnectionException} or {@code CannotCreateTransactionException}, Axon's
 * {@code EventStoreException}, a command's {@code CommandExecutionException}) keeps it as a cause, so the whole cause
 * chain is read. SQLSTATE class 53/54/57/58 in general is not an outage: 54000 (a row too large) belongs to the
 * request. A commit that failed and whose rollback then failed too surfaces as Spring's
 * {@code TransactionSystemException("JDBC rollback failed")}: its cause is the rollback's failure and the commit's is
 * kept aside as the "application exception", so both are read. Either one broken by the connection makes it an outage,
 * whose outcome is unknown: the commit may have happened (for a sale: retry with the same saleId).
 */
public final class Outages {

    /** admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections. */
    private static final Set<String> SERVER_GOING_AWAY = Set.of("57P01", "57P02", "57P03", "53300");

    /**
     * HikariCP's answer on a connection it already closed because the server ended it; unlike pgjdbc's own
     * "connection has been closed" (08003) it carries no SQLSTATE.
     */
    private static final String HIKARI_CLOSED_CONNECTION = "Connection is closed";

    private Outages() {
    }

    public static boolean isOutage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException // the pool found no connection in time
                    || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof ConnectException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || SERVER_GOING_AWAY.contains(sql.getSQLState()))) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() == null
                    && HIKARI_CLOSED_CONNECTION.equals(sql.getMessage())) {
                return true;
            }
            if (cause instanceof TransactionSystemException transaction
                    && transaction.getApplicationException() != null
                    && transaction.getApplicationException() != failure
                    && isOutage(transaction.getApplicationException())) {
                return true;
            }
        }
        return false;
    }
}
