package io.lemonadeoutbox.thankyou.inbox;

import io.lemonadeoutbox.api.problem.Outages;
import java.sql.SQLException;
import java.util.Set;

import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Why a record could not be written, decided once, where it failed, by what the failure is about: the database (wait
 * for it) or the record (dead-letter it). Spring's translation is no guide here: it maps SQLSTATE classes 53, 54, 57
 * and 58 alike to {@code DataAccessResourceFailureException}, so 54000 (an index row too large for one over-long id)
 * would look like an outage and stall its partition for ever. The kinds are separate classes without a cause (the
 * original failure is kept as a suppressed exception, so logs and the dead-letter stack trace still show it): Spring
 * Kafka restarts a record's back-off when the root cause's class changes, so a record that first met an outage and then
 * fails on its own is dead-lettered at once instead of inheriting the outage's endless wait.
 */
abstract sealed class RecordFailure extends RuntimeException
        permits RecordFailure.DatabaseUnavailable, RecordFailure.Contention, RecordFailure.RecordRefused {

    /**
     * SQLSTATEs that say the server, not the record, cannot go on, beyond those both services call an outage
     * ({@link Outages}: class 08, 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 53300
     * too_many_connections). 57P04 database_dropped, 57P05 idle_session_timeout (the server closed our connection):
     * the session is gone, whatever the record. 53000 insufficient_resources, 53100 disk_full, 53200 out_of_memory:
     * the server cannot take this record's few hundred bytes, nor any other's; dead-lettering them would park every
     * sale of the outage (and a full disk would also refuse the dead_letter row). 53400 configuration_limit_exceeded is not here:
     * it is raised for what one statement asks (too many columns, arguments, ...), i.e. the record.
     * Class 58 (system_error, io_error, undefined_file, duplicate_file): the server's own files and I/O failed.
     */
    private static final Set<String> SERVER_STATES = Set.of(
            "57P04", "57P05", "53000", "53100", "53200");

    /**
     * Failures that depend on timing, not on the record nor on the server being gone: 40001 serialization_failure,
     * 40P01 deadlock_detected, 55P03 lock_not_available, 57014 query_canceled (a statement timeout or an operator's
     * pg_cancel_backend), 25P04 transaction_timeout (PostgreSQL 17 ends the session). A retry can succeed, so they get
     * the bounded retries of {@code thankyou.retry}; then the record is dead-lettered, so they can never stall.
     */
    private static final Set<String> CONTENTION_STATES = Set.of("40001", "40P01", "55P03", "57014", "25P04");

    private final String reason;

    private RecordFailure(String reason, Throwable original) {
        super(reason, null, true, true);
        this.reason = reason;
        if (original != null) {
            addSuppressed(original);
        }
    }

    /** One line for the dead-letter header and table. */
    String reason() {
        return reason;
    }

    /** The database is not there for us: wait with back-off until it is, health DOWN meanwhile. */
    static final class DatabaseUnavailable extends RecordFailure {
        DatabaseUnavailable(String reason, Throwable original) {
            super(reason, original);
        }
    }

    /** Lost a race with another transaction: a few bounded retries, then dead-lettered. */
    static final class Contention extends RecordFailure {
        Contention(String reason, Throwable original) {
            super(reason, original);
        }
    }

    /** The record's own fault (bad data, refused by a constraint or trigger, unparseable): dead-lettered at once. */
    static final class RecordRefused extends RecordFailure {
        RecordRefused(String reason, Throwable original) {
            super(reason, original);
        }
    }

    /**
     * @param outageIsTheRecordsFault {@code thankyou.unsafe.no-outage-retry}: a negative control that dead-letters
     *                                records during an outage instead of waiting
     */
    static RecordFailure classify(Throwable failure, boolean outageIsTheRecordsFault) {
        if (failure instanceof RecordFailure classified) {
            return classified;
        }
        String described = describe(failure);
        if (isOutage(failure)) {
            return outageIsTheRecordsFault
                    ? new RecordRefused("UNSAFE no-outage-retry: " + described, failure)
                    : new DatabaseUnavailable("the database is unavailable: " + described, failure);
        }
        String sqlState = sqlState(failure);
        if (sqlState != null && CONTENTION_STATES.contains(sqlState)) {
            return new Contention("failed after retries: " + described, failure);
        }
        PoisonRecordException poison = poison(failure);
        return new RecordRefused(poison != null ? poison.getMessage() : described, failure);
    }

    private static PoisonRecordException poison(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PoisonRecordException poison) {
                return poison;
            }
        }
        return null;
    }

    /**
     * An outage is whatever both services call one ({@link Outages}: a connection broken under the statement, class
     * 08 or Hikari's "Connection is closed"; a pool that found no connection in time, whatever the server said while
     * refusing: 55000 "not currently accepting connections", 53300, 3D000, 28P01 after a password change; a commit
     * broken by the connection whose rollback failed after), and also: no transaction or connection could be had at
     * all (Spring's {@link CannotCreateTransactionException} / {@link CannotGetJdbcConnectionException}), or the
     * first SQLSTATE in the chain says the server cannot go on ({@link #SERVER_STATES}, class 58).
     */
    static boolean isOutage(Throwable failure) {
        if (Outages.isOutage(failure)) {
            return true;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CannotCreateTransactionException
                    || cause instanceof CannotGetJdbcConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState().startsWith("58") || SERVER_STATES.contains(sql.getSQLState());
            }
        }
        return false;
    }

    /** Whether the database took part in the failure (a JDBC, Spring data-access or transaction exception). */
    static boolean involvesTheDatabase(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException || cause instanceof org.springframework.dao.DataAccessException
                    || cause instanceof org.springframework.transaction.TransactionException) {
                return true;
            }
        }
        return false;
    }

    /** The SQLSTATE of the first SQLException in the chain, the one the driver raised. */
    private static String sqlState(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private static String describe(Throwable failure) {
        String sqlState = sqlState(failure);
        Throwable deepest = failure;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        return (sqlState == null ? "" : "SQLSTATE " + sqlState + ": ")
                + deepest.getClass().getSimpleName() + ": " + deepest.getMessage();
    }
}
