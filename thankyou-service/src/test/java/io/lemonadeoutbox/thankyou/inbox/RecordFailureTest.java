package io.lemonadeoutbox.thankyou.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/** Each SQLSTATE as pgjdbc raises it, translated by Spring exactly as JdbcClient does, then classified. */
class RecordFailureTest {

    private static final SQLErrorCodeSQLExceptionTranslator SPRING =
            new SQLErrorCodeSQLExceptionTranslator("PostgreSQL");

    @ParameterizedTest(name = "{0} ({2}) is {1}")
    @CsvSource({
            "08001, DatabaseUnavailable, pgjdbc: connection refused",
            "08003, DatabaseUnavailable, pgjdbc: this connection has been closed",
            "08006, DatabaseUnavailable, pgjdbc: I/O error while talking to the server",
            "08P01, DatabaseUnavailable, protocol violation",
            "57P01, DatabaseUnavailable, terminating connection due to administrator command",
            "57P02, DatabaseUnavailable, crash shutdown",
            "57P03, DatabaseUnavailable, the database system is starting up",
            "57P04, DatabaseUnavailable, database dropped",
            "57P05, DatabaseUnavailable, idle session timeout",
            "53000, DatabaseUnavailable, insufficient resources",
            "53100, DatabaseUnavailable, disk full",
            "53200, DatabaseUnavailable, out of memory",
            "53300, DatabaseUnavailable, too many connections",
            "58030, DatabaseUnavailable, I/O error in the server",
            "40001, Contention, serialization failure",
            "40P01, Contention, deadlock detected",
            "55P03, Contention, lock not available",
            "57014, Contention, canceling statement due to statement timeout",
            "25P04, Contention, transaction timeout",
            "54000, RecordRefused, index row size exceeds maximum (an over-long id)",
            "54001, RecordRefused, statement too complex",
            "53400, RecordRefused, configuration limit exceeded by this statement",
            "22021, RecordRefused, invalid byte sequence for encoding UTF8: 0x00",
            "22001, RecordRefused, value too long",
            "23502, RecordRefused, not-null violation",
            "23505, RecordRefused, unique violation (the inbox itself uses on conflict do nothing)",
            "23514, RecordRefused, check violation",
            "P0001, RecordRefused, raised by a trigger",
            "42P01, RecordRefused, undefined table",
    })
    void aStatementFailureIsClassifiedBySqlState(String sqlState, String kind, String what) {
        var raised = new SQLException(what, sqlState);
        DataAccessException translated = SPRING.translate("insert", "insert into inbox ...", raised);
        if (translated == null) { // what JdbcTemplate does when Spring has no category for it
            translated = new UncategorizedSQLException("insert", "insert into inbox ...", raised);
        }

        Exception thrown = asTheContainerSeesIt(translated);
        RecordFailure classified = RecordFailure.classify(thrown, false);

        assertThat(classified.getClass().getSimpleName()).isEqualTo(kind);
        assertThat(classified.reason()).contains("SQLSTATE " + sqlState).contains(what);
        assertThat(classified.getCause()).as("no cause: the kind is the root cause Spring Kafka compares").isNull();
        assertThat(classified.getSuppressed()).containsExactly(thrown);
    }

    @Test
    void noConnectionAtAllIsAnOutageWhateverTheServerSaidWhileRefusing() {
        var refused = new SQLException("database \"thankyou\" is not currently accepting connections", "55000");
        var poolTimedOut = new SQLTransientConnectionException("Connection is not available, request timed out",
                "55000", refused);
        assertThat(RecordFailure.classify(new CannotCreateTransactionException("no connection", poolTimedOut), false))
                .isInstanceOf(RecordFailure.DatabaseUnavailable.class);
        assertThat(RecordFailure.classify(new CannotGetJdbcConnectionException("no connection", refused), false))
                .isInstanceOf(RecordFailure.DatabaseUnavailable.class);
        var commitLost = new TransactionSystemException("commit failed");
        commitLost.initCause(new SQLException("An I/O error occurred while sending to the backend", "08006"));
        assertThat(RecordFailure.classify(commitLost, false)).isInstanceOf(RecordFailure.DatabaseUnavailable.class);
    }

    @Test
    void aConnectionClosedUnderTheTransactionIsAnOutageNotTheRecordsFault() {
        // seen in the fault campaign (seed 11) during a PostgreSQL restart: a sale dead-lettered with
        // "SQLException: Connection is closed", the rollback's failure after a commit the restart broke
        var rollbackFailed = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        rollbackFailed.initApplicationException(new SQLException(
                "FATAL: terminating connection due to administrator command", "57P01"));
        assertThat(RecordFailure.classify(rollbackFailed, false)).isInstanceOf(RecordFailure.DatabaseUnavailable.class);
        assertThat(RecordFailure.classify(new IllegalStateException("statement failed",
                new SQLException("Connection is closed")), false))
                .isInstanceOf(RecordFailure.DatabaseUnavailable.class);
    }

    @Test
    void aRecordThatFailsWithoutTheDatabaseIsRefusedWithItsOwnReason() {
        RecordFailure poison = RecordFailure.classify(asTheContainerSeesIt(new PoisonRecordException("bad json")), false);
        assertThat(poison).isInstanceOf(RecordFailure.RecordRefused.class);
        assertThat(poison.reason()).isEqualTo("bad json");
        assertThat(RecordFailure.classify(new IllegalStateException("bug"), false))
                .isInstanceOf(RecordFailure.RecordRefused.class);
    }

    @Test
    void theNoOutageRetrySwitchMakesAnOutageTheRecordsFault() {
        var outage = new CannotCreateTransactionException("no connection");
        assertThat(RecordFailure.classify(outage, true)).isInstanceOf(RecordFailure.RecordRefused.class);
        assertThat(RecordFailure.classify(outage, true).reason()).startsWith("UNSAFE no-outage-retry");
    }

    @Test
    void theErrorHandlerFindsTheKindTheListenerDecided() {
        RecordFailure decided = new RecordFailure.RecordRefused("54000 for this record", null);
        var asThrown = new ListenerExecutionFailedException("listener failed",
                new BatchListenerFailedException(decided.reason(), decided, 3));
        assertThat(DeadLetterHandling.kind(asThrown)).isSameAs(decided);
        assertThat(DeadLetterHandling.reason(asThrown)).isEqualTo("54000 for this record");
    }

    private static Exception asTheContainerSeesIt(Exception cause) {
        return new ListenerExecutionFailedException("listener failed", cause);
    }
}
