package io.lemonadeoutbox.stack.faults;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lemonadeoutbox.infra.Postgres;
import io.lemonadeoutbox.stack.HeldSale;
import io.lemonadeoutbox.stack.RunningStack;
import io.lemonadeoutbox.stack.Shop;
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
import org.awaitility.core.ConditionTimeoutException;

/** Reads a running stack's two databases directly (plain JDBC), as the audit does. */
final class StackData {

    static final String PUBLISHING_PROCESSOR = "__axon-kafka-event-publishing-group";
    static final String SOLD = HeldSale.SOLD;
    static final String REFUNDED = "io.lemonadeoutbox.lemonade.sale.SaleRefunded";

    private final String lemonadeJdbcUrl;
    private final String thankyouJdbcUrl;
    private final String user;
    private final String password;

    StackData(RunningStack stack) {
        Postgres postgres = stack.infrastructure().postgres();
        this.lemonadeJdbcUrl = stack.lemonadeJdbcUrl();
        this.thankyouJdbcUrl = stack.thankyouJdbcUrl();
        this.user = postgres.username();
        this.password = postgres.password();
    }

    /** One row of token_entry for the publishing processor. */
    record SegmentToken(int segment, String owner, long index, Set<Long> gaps) {
    }

    Connection lemonadeConnection() throws SQLException {
        return DriverManager.getConnection(lemonadeJdbcUrl, user, password);
    }

    Connection thankyouConnection() throws SQLException {
        return DriverManager.getConnection(thankyouJdbcUrl, user, password);
    }

    /** Each sale's event types in global-index order. */
    Map<String, List<String>> eventTypesBySale() throws SQLException {
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
    long eventIndexOf(String saleId) throws SQLException {
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
    Map<String, Integer> cardsBySale() throws SQLException {
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

    List<SegmentToken> publishingTokens() throws SQLException {
        try (Connection lemonade = lemonadeConnection()) {
            return publishingTokens(lemonade);
        }
    }

    static List<SegmentToken> publishingTokens(Connection lemonade) throws SQLException {
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

    AuditSources sources() {
        return new AuditSources(lemonadeJdbcUrl, thankyouJdbcUrl, user, password);
    }

    AuditReport audit() {
        return Audit.run(sources());
    }

    /** Waits for the audit to come out clean (lag shows as missing cards until the pipeline is quiet). */
    AuditReport awaitCleanAudit(Duration atMost) {
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

    /** A GapAwareTrackingToken is {index, gaps}; inside a ReplayToken it is the currentToken. */
    private static JsonNode position(JsonNode token) {
        if (token.has("index")) {
            return token;
        }
        JsonNode current = token.get("currentToken");
        return current == null || current.isNull() ? null : position(current);
    }
}
