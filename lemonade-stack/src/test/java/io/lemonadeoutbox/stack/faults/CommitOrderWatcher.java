package io.lemonadeoutbox.stack.faults;

import io.lemonadeoutbox.stack.StackDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches the event store commit: every few milliseconds it reads which global indexes are visible. An index that
 * appears after a higher one was already visible committed out of order, the situation the publisher's gap handling
 * exists for. It also records every gap the publisher's committed token carried.
 */
final class CommitOrderWatcher implements AutoCloseable {

    private final StackDatabases data;
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor();
    private final Set<Long> visible = new HashSet<>();
    private final List<Long> committedLate = new ArrayList<>();
    private final Set<Long> tokenGaps = new TreeSet<>();
    private long highestVisible = -1;
    private Connection connection;
    private volatile SQLException failure;

    CommitOrderWatcher(StackDatabases data) {
        this.data = data;
    }

    CommitOrderWatcher start() throws SQLException {
        connection = data.lemonadeConnection();
        schedule.scheduleWithFixedDelay(this::look, 0, 5, TimeUnit.MILLISECONDS);
        return this;
    }

    private void look() {
        try (PreparedStatement query = connection.prepareStatement("select global_index from domain_event_entry");
             ResultSet rows = query.executeQuery()) {
            List<Long> appeared = new ArrayList<>();
            while (rows.next()) {
                long index = rows.getLong(1);
                if (!visible.contains(index)) {
                    appeared.add(index);
                }
            }
            synchronized (this) {
                for (long index : appeared) {
                    if (index < highestVisible) {
                        committedLate.add(index);
                    }
                    visible.add(index);
                }
                for (long index : appeared) {
                    highestVisible = Math.max(highestVisible, index);
                }
                StackDatabases.publishingTokens(connection).forEach(token -> tokenGaps.addAll(token.gaps()));
            }
        } catch (SQLException e) {
            failure = e;
            throw new IllegalStateException(e);
        }
    }

    /** Indexes that became visible after a higher index was already visible. */
    synchronized List<Long> committedLate() {
        checkRunning();
        return List.copyOf(committedLate);
    }

    synchronized Set<Long> tokenGaps() {
        checkRunning();
        return Set.copyOf(tokenGaps);
    }

    synchronized boolean sees(long index) {
        checkRunning();
        return visible.contains(index);
    }

    private void checkRunning() {
        if (failure != null) {
            throw new IllegalStateException("the watcher stopped", failure);
        }
    }

    @Override
    public void close() throws SQLException {
        schedule.shutdownNow();
        try {
            schedule.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (connection != null) {
            connection.close();
        }
    }
}
