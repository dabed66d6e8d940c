package io.lemonadeoutbox.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.TransactionSystemException;

class OutagesTest {

    @ParameterizedTest(name = "SQLSTATE {0} is an outage")
    @ValueSource(strings = {"08001", "08003", "08006", "57P01", "57P02", "57P03", "53300"})
    void connectionFailuresAreOutagesWhateverWrapsThem(String sqlState) {
        SQLException cause = new SQLException("connection lost", sqlState);
        assertThat(Outages.isOutage(cause)).isTrue();
        assertThat(Outages.isOutage(new RuntimeException("EventStoreException", new IllegalStateException(cause))))
                .isTrue();
    }

    @ParameterizedTest(name = "SQLSTATE {0} is not an outage")
    @ValueSource(strings = {"54000", "23505", "22021", "40001", "53200", "57014", "XX000", "55000"})
    void failuresOfTheRequestItselfAreNotOutages(String sqlState) {
        assertThat(Outages.isOutage(new RuntimeException(new SQLException("about this request", sqlState)))).isFalse();
    }

    @Test
    void aPoolThatFoundNoConnectionIsAnOutageWhateverTheServerSaidWhileConnecting() {
        SQLException refused = new SQLException("database \"x\" is not currently accepting connections", "55000");
        assertThat(Outages.isOutage(new RuntimeException("Could not open JDBC Connection for transaction",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available", "08001", refused))))
                .isTrue();
        assertThat(Outages.isOutage(new RuntimeException(new ConnectException("Connection refused")))).isTrue();
    }

    @Test
    void aConnectionThePoolClosedUnderATransactionIsAnOutage() {
        // seen in DatabaseOutageAnswersIT: the server ended the session, Hikari closed its proxy, Axon used it again
        assertThat(Outages.isOutage(new RuntimeException("Failed to create a SQL statement",
                new SQLException("Connection is closed")))).isTrue();
    }

    @Test
    void aCommitBrokenByTheConnectionAndTheRollbackAfterItIsAnOutage() {
        // seen in the fault campaign (seed 11) during a PostgreSQL restart: "Commit exception overridden by rollback
        // exception", answered 500 although the sale may well have been committed
        TransactionSystemException asSeen = rollbackFailed(new SQLException("Connection is closed"));
        assertThat(Outages.isOutage(new RuntimeException("command failed", asSeen))).isTrue();

        // the rollback's own failure says nothing about the connection: the commit's still does
        TransactionSystemException rollbackUnclear = rollbackFailed(
                new SQLException("Cannot rollback when autoCommit is enabled", "25P01"));
        assertThat(Outages.isOutage(rollbackUnclear)).isTrue();
    }

    @Test
    void aRollbackFailureAfterAFailureOfTheRequestIsNotAnOutage() {
        TransactionSystemException failed = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Cannot rollback when autoCommit is enabled", "25P01"));
        failed.initApplicationException(new IllegalStateException("bug", new SQLException("row too big", "54000")));
        assertThat(Outages.isOutage(failed)).isFalse();
    }

    private static TransactionSystemException rollbackFailed(SQLException rollbackFailure) {
        TransactionSystemException failed = new TransactionSystemException("JDBC rollback failed", rollbackFailure);
        failed.initApplicationException(new DataAccessResourceFailureException(
                "JDBC commit; FATAL: terminating connection due to administrator command",
                new SQLException("FATAL: terminating connection due to administrator command", "57P01")));
        return failed;
    }

    @Test
    void defectsAreNotOutages() {
        assertThat(Outages.isOutage(new NullPointerException())).isFalse();
        assertThat(Outages.isOutage(new IllegalStateException("bug", new SQLException("no state")))).isFalse();
    }
}
