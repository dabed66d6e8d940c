package io.lemonadeoutbox.stack.audit;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;

/**
 * Compares lemonade-app's event store with thankyou-service's cards and inbox: missing, duplicate and orphan cards,
 * refunds not reflected, and events the publisher passed that never arrived. Run it from the command line
 * ({@link AuditCommand}, {@code audit}) or from code ({@link #run}).
 *
 * <p>It reads a moment of a moving system: cards first, then the publishing token, then the events, then the inbox,
 * so a finished sale is never reported as an orphan; while sales flow, lag shows up as missing cards.
 */
public final class Audit {

    public static final String PUBLISHING_PROCESSOR = "__axon-kafka-event-publishing-group";

    private Audit() {
    }

    public static AuditReport run(AuditSources sources) {
        try (Connection lemonade = connect(sources.lemonadeJdbcUrl(), sources);
             Connection thankyou = connect(sources.thankyouJdbcUrl(), sources)) {
            List<CardRow> cards = cards(thankyou);
            PublishedPosition published = publishedPosition(lemonade);
            List<StoredEvent> events = events(lemonade);
            Set<String> inbox = inboxEventIds(thankyou);
            int deadLetters = count(thankyou, "select count(*) from dead_letter");
            return AuditComparison.compare(events, published, cards, inbox, deadLetters);
        } catch (SQLException e) {
            throw new AuditFailedException("could not read the databases: " + e.getMessage(), e);
        }
    }

    /**
     * The {@code audit} command with its output on the given streams: 0 clean, 1 not clean, 2 bad arguments, 3 the
     * databases could not be read.
     */
    static int runCommand(String[] args, PrintStream out, PrintStream err) {
        return new CommandLine(new AuditCommand())
                .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
                .execute(args);
    }

    private static Connection connect(String url, AuditSources sources) throws SQLException {
        Connection connection = DriverManager.getConnection(url, sources.user(), sources.password());
        connection.setReadOnly(true);
        return connection;
    }

    private static List<CardRow> cards(Connection thankyou) throws SQLException {
        List<CardRow> cards = new ArrayList<>();
        try (PreparedStatement query = thankyou.prepareStatement("select sale_id, refunded from card");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                cards.add(new CardRow(rows.getString(1), rows.getBoolean(2)));
            }
        }
        return cards;
    }

    /** The publishing processor's durable position, all segments combined (see {@link PublishedPosition}). */
    public static PublishedPosition publishedPosition(Connection lemonade) throws SQLException {
        List<byte[]> tokens = new ArrayList<>();
        try (PreparedStatement query = lemonade.prepareStatement(
                "select token from token_entry where processor_name = ?")) {
            query.setString(1, PUBLISHING_PROCESSOR);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    tokens.add(rows.getBytes(1));
                }
            }
        }
        return PublishedPosition.fromSegmentTokens(tokens);
    }

    private static List<StoredEvent> events(Connection lemonade) throws SQLException {
        List<StoredEvent> events = new ArrayList<>();
        try (PreparedStatement query = lemonade.prepareStatement("""
                select global_index, event_identifier, payload_type, aggregate_identifier
                from domain_event_entry order by global_index""")) {
            query.setFetchSize(1000);
            lemonade.setAutoCommit(false); // the driver streams with a fetch size only inside a transaction
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    events.add(new StoredEvent(rows.getLong(1), rows.getString(2),
                            StoredEvent.kindOf(rows.getString(3)), rows.getString(4)));
                }
            } finally {
                lemonade.rollback();
                lemonade.setAutoCommit(true);
            }
        }
        return events;
    }

    private static Set<String> inboxEventIds(Connection thankyou) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (PreparedStatement query = thankyou.prepareStatement("select event_id from inbox");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    private static int count(Connection connection, String sql) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql);
             ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** The databases could not be read (wrong URL, credentials, or a schema that is not lemonade-outbox's). */
    public static final class AuditFailedException extends RuntimeException {
        AuditFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
