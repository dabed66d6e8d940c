package io.lemonadeoutbox.thankyou.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

class DeadLetterHandlingTest {

    @Test
    void anUnreachableDatabaseIsAnOutageRetriedUntilItIsBack() {
        assertThat(DeadLetterHandling.isOutage(wrapped(new CannotCreateTransactionException("no connection")))).isTrue();
        assertThat(DeadLetterHandling.isOutage(wrapped(new CannotGetJdbcConnectionException("down")))).isTrue();
        var commitLost = new TransactionSystemException("commit failed");
        commitLost.initCause(new SQLException("An I/O error occurred", "08006"));
        assertThat(DeadLetterHandling.isOutage(wrapped(commitLost))).isTrue();
        assertThat(DeadLetterHandling.isOutage(wrapped(new UncategorizedSQLException("insert", "sql",
                new SQLException("terminating connection due to administrator command", "57P01"))))).isTrue();
    }

    @Test
    void aRecordThatFailsOnItsOwnIsNotAnOutage() {
        assertThat(DeadLetterHandling.isOutage(wrapped(new PoisonRecordException("bad json")))).isFalse();
        assertThat(DeadLetterHandling.isOutage(wrapped(new UncategorizedSQLException("insert", "sql",
                new SQLException("sabotaged", "P0001"))))).isFalse();
        assertThat(DeadLetterHandling.isOutage(wrapped(new IllegalStateException("bug")))).isFalse();
    }

    private static Exception wrapped(Exception cause) {
        return new ListenerExecutionFailedException("listener failed", cause);
    }
}
