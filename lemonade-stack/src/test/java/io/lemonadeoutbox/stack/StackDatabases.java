package io.lemonadeoutbox.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lemonadeoutbox.infra.Postgres;
import io.lemonadeoutbox.stack.audit.Audit;
import io.lemonadeoutbox.stack.audit.AuditReport;
import io.lemonadeoutbox.stack.audit.AuditSources;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A running stack's two databases, read directly (plain JDBC) as the audit reads them: the audit itself, waiting for
 * it to come out clean, and the few direct reads and writes the end-to-end and fault tests sample.
 */
public final class StackDatabases {

    private static final String PUBLISHING_PROCESSOR = "__axon-kafka-event-publishing-group";

    private final String lemonadeJdbcUrl;
    private final String thankyouJdbcUrl;
    private final String user;
    private final String password;
    private final AuditSources sources;

    public StackDatabases(RunningStack stack) {
        Postgres postgres = stack.infrastructure().postgres();
        this.lemonadeJdbcUrl = stack.lemonadeJdbcUrl();
        this.thankyouJdbcUrl = stack.thankyouJdbcUrl();
        this.user = postgres.username();
        this.password = postgres.password();
        this.sources = new AuditSources(lemonadeJdbcUrl, thankyouJdbcUrl, user, password);
    }

    /** One row of token_entry for the publishing processor. */
    public record SegmentToken(int segment, String owner, long index, Set<Long> gaps) {
    }

    public Connection lemonadeConnection() throws SQLException {
        return DriverManager.getConnection(lemonadeJdbcUrl, user, password);
    }

    public Connection thankyouConnection() throws SQLException {
        return DriverManager.getConnection(thankyouJdbcUrl, user, password);
    }

    /** Each sale's event types in global-index order. */
    public Map<String, List<String>> eventTypesBySale() throws SQLException {
        Map<String, List<String>> events = new LinkedHashMap<>();
        try (Connection lemonade = lemonadeConnection();
             PreparedStatement query = lemonade.prepareStatement(
                     "select aggregate_identifier, payload_type from domain_event_entry order by global_index");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                events.computeIfAbsent(rows.getString(1), sale -> new ArrayList<>()).add(rows.getString(2));
            }
        }
        return events;
    }

    /** The global index of a sale's first event. */
    public long eventIndexOf(String saleId) throws SQLException {
        try (Connection lemonade = lemonadeConnection();
             PreparedStatement query = lemonade.prepareStatement(
                     "select min(global_index) from domain_event_entry where aggregate_identifier = ?")) {
            query.setString(1, saleId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                long index = row.getLong(1);
                if (row.wasNull()) {
                    throw new IllegalStateException("no event for sale " + saleId);
                }
                return index;
            }
        }
    }

    /** How many cards each sale has (the unique key makes it at most one; the audit counts it independently). */
    public Map<String, Integer> cardsBySale() throws SQLException {
        Map<String, Integer> cards = new HashMap<>();
        try (Connection thankyou = thankyouConnection();
             PreparedStatement query = thankyou.prepareStatement("select sale_id, count(*) from card group by sale_id");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                cards.put(rows.getString(1), rows.getInt(2));
            }
        }
        return cards;
    }

    public List<SegmentToken> publishingTokens() throws SQLException {
        try (Connection lemonade = lemonadeConnection()) {
            return publishingTokens(lemonade);
        }
    }

    public static List<SegmentToken> publishingTokens(Connection lemonade) throws SQLException {
        List<SegmentToken> tokens = new ArrayList<>();
        try (PreparedStatement query = lemonade.prepareStatement(
                "select segment, owner, token from token_entry where processor_name = ? order by segment")) {
            query.setString(1, PUBLISHING_PROCESSOR);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    byte[] token = rows.getBytes(3);
                    JsonNode position = token == null ? null : position(
                            Shop.readJson(new String(token, StandardCharsets.UTF_8)));
                    Set<Long> gaps = new TreeSet<>();
                    if (position != null) {
                        position.path("gaps").forEach(gap -> gaps.add(gap.asLong()));
                    }
                    tokens.add(new SegmentToken(rows.getInt(1), rows.getString(2),
                            position == null ? -1 : position.path("index").asLong(-1), gaps));
                }
            }
        }
        return tokens;
    }

    public AuditSources sources() {
        return sources;
    }

    public AuditReport audit() {
        return Audit.run(sources);
    }

    /** Waits for the audit to come out clean (lag shows as missing cards until the pipeline is quiet). */
    public AuditReport awaitCleanAudit(Duration atMost) {
        AuditReport[] last = new AuditReport[1];
        try {
            await("a clean audit").atMost(atMost).pollInterval(Duration.ofSeconds(1)).until(() -> {
                last[0] = audit();
                return last[0].clean();
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the audit is not clean after " + atMost + ":\n"
                    + (last[0] == null ? "(never ran)" : last[0].describe()), e);
        }
        System.out.print(last[0].describe());
        return last[0];
    }

    /**
     * Runs the audit until it is clean with {@code expectedSales} sales (the pipeline drains asynchronously) and
     * fails with the last report if it does not settle in time.
     */
    public AuditReport awaitClean(int expectedSales, Duration atMost) {
        AtomicReference<AuditReport> last = new AtomicReference<>();
        try {
            await("a clean audit with " + expectedSales + " sales").atMost(atMost).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        AuditReport report = audit();
                        last.set(report);
                        return report.clean() && report.sales() == expectedSales;
                    });
        } catch (ConditionTimeoutException e) {
            // the last report says what stayed wrong
        }
        AuditReport report = last.get();
        System.out.print(report.describe());
        assertThat(report.clean()).as(report.describe()).isTrue();
        assertThat(report.sales()).as(report.describe()).isEqualTo(expectedSales);
        assertThat(report.cards()).as(report.describe()).isEqualTo(expectedSales);
        return report;
    }

    public long cardCount() {
        return longQuery(thankyouJdbcUrl, "select count(*) from card");
    }

    public long inboxCount() {
        return longQuery(thankyouJdbcUrl, "select count(*) from inbox");
    }

    public long eventCount() {
        return longQuery(lemonadeJdbcUrl, "select count(*) from domain_event_entry");
    }

    public long soldCount() {
        return longQuery(lemonadeJdbcUrl,
                "select count(*) from domain_event_entry where payload_type like '%.LemonadeSold'");
    }

    public long eventsUpTo(long globalIndex) {
        return longQuery(lemonadeJdbcUrl,
                "select count(*) from domain_event_entry where global_index <= " + globalIndex);
    }

    /** The committed publishing token's lowest index over its segments, -1 before the first commit. */
    public long tokenIndex() {
        return audit().publishedUpTo();
    }

    public void execute(String jdbcUrl, String sql) {
        try (Connection connection = connect(jdbcUrl);
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public long longQuery(String jdbcUrl, String sql) {
        try (Connection connection = connect(jdbcUrl);
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private Connection connect(String jdbcUrl) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    /** A GapAwareTrackingToken is {index, gaps}; inside a ReplayToken it is the currentToken. */
    private static JsonNode position(JsonNode token) {
        if (token.has("index")) {
            return token;
        }
        JsonNode current = token.get("currentToken");
        return current == null || current.isNull() ? null : position(current);
    }
}
