package io.lemonadeoutbox.stack.campaign;

import io.lemonadeoutbox.stack.audit.AuditSources;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * End-to-end lag, once a second: events in the stand's outbox (lemonade-app's event store, lemonade-peer's
 * registry) that the thank-you inbox has not received yet ({@code count(events) - count(inbox)}). Unknown (-1) while PostgreSQL is down.
 */
final class LagSampler implements AutoCloseable {

    private static final int MAX_SECONDS = 6 * 3600;

    private final AuditSources databases;
    private final String outboxEventsQuery;
    private final History history;
    private final long[] lag = new long[MAX_SECONDS];
    private Connection lemonade;
    private Connection thankyou;
    private volatile long latest = -1;
    private volatile long worst;
    private Thread thread;
    private volatile boolean stopping;

    /** @param outboxEventsQuery counts the events written to the stand's outbox ({@link Stand#outboxEventsQuery}) */
    LagSampler(AuditSources databases, String outboxEventsQuery, History history) {
        this.databases = databases;
        this.outboxEventsQuery = outboxEventsQuery;
        this.history = history;
        Arrays.fill(lag, -1);
    }

    void start() {
        thread = new Thread(this::run, "lag-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (!stopping) {
            long began = System.currentTimeMillis();
            OptionalLong now = measure();
            int second = history.second(began);
            synchronized (this) {
                if (now.isPresent() && second >= 0 && second < MAX_SECONDS) {
                    lag[second] = Math.max(lag[second], now.getAsLong());
                    worst = Math.max(worst, now.getAsLong());
                }
            }
            latest = now.orElse(-1);
            long wait = 1_000 - (System.currentTimeMillis() - began);
            if (wait > 0) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** The lag right now, or empty if a database cannot be read. */
    synchronized OptionalLong measure() {
        try {
            if (lemonade == null || lemonade.isClosed()) {
                lemonade = connect(databases.lemonadeJdbcUrl());
            }
            if (thankyou == null || thankyou.isClosed()) {
                thankyou = connect(databases.thankyouJdbcUrl());
            }
            long events = count(lemonade, outboxEventsQuery);
            long received = count(thankyou, "select count(*) from inbox");
            return OptionalLong.of(Math.max(0, events - received));
        } catch (SQLException e) {
            closeQuietly();
            return OptionalLong.empty();
        }
    }

    long latest() {
        return latest;
    }

    long worst() {
        return worst;
    }

    /** The highest lag seen in each second, -1 where it was unknown. */
    synchronized long[] perSecond(int seconds) {
        return Arrays.copyOf(lag, Math.min(seconds, MAX_SECONDS));
    }

    private Connection connect(String url) throws SQLException {
        String bounded = url + (url.contains("?") ? "&" : "?") + "connectTimeout=2&socketTimeout=10";
        return DriverManager.getConnection(bounded, databases.user(), databases.password());
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql); ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private void closeQuietly() {
        for (Connection connection : new Connection[] {lemonade, thankyou}) {
            try {
                if (connection != null) {
                    connection.close();
                }
            } catch (SQLException ignored) {
                // reconnects next second
            }
        }
        lemonade = null;
        thankyou = null;
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        if (thread != null) {
            thread.interrupt();
            thread.join(15_000);
        }
        closeQuietly();
    }
}
