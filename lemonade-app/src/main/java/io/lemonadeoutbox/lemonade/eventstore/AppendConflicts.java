package io.lemonadeoutbox.lemonade.eventstore;

import java.sql.SQLException;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;

/**
 * The appends that lost a race and wrote nothing, which Axon then reports as {@code AggregateStreamCreationException}
 * or {@code ConcurrencyException} so that the command can be sent again: a unique violation (SQLSTATE 23505, another
 * instance appended the same sequence number first), or an insert whose global index the publisher had given up as a
 * gap just before the insert reached it (SQLSTATE 40001 from the {@code claim_global_index} trigger, see
 * {@link GapCloser}).
 */
final class AppendConflicts implements PersistenceExceptionResolver {

    private static final PersistenceExceptionResolver UNIQUE_VIOLATION = new SQLStateResolver("23505");

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        return UNIQUE_VIOLATION.isDuplicateKeyViolation(exception) || refusedGivenUpIndex(exception);
    }

    static boolean refusedGivenUpIndex(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            for (SQLException sql = cause instanceof SQLException e ? e : null; sql != null;
                 sql = sql.getNextException()) {
                if ("40001".equals(sql.getSQLState()) && String.valueOf(sql.getMessage()).contains("given up")) {
                    return true;
                }
            }
        }
        return false;
    }
}
