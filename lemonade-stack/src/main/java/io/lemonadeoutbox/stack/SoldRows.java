package io.lemonadeoutbox.stack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * LemonadeSold rows written by hand into the event store, in the shape of a real one (payload JSON, type, revision)
 * copied from the store: what a command would append, without the command.
 */
public final class SoldRows {

    public static final String SOLD = "io.lemonadeoutbox.lemonade.sale.LemonadeSold";

    private static final String INSERT = """
            insert into domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier, meta_data,
                payload, payload_revision, payload_type, time_stamp)
            values (?, 0, ?, ?, ?, ?, ?, ?, ?)""";

    private final String type;
    private final String revision;
    private final ObjectNode payload;

    private SoldRows(String type, String revision, ObjectNode payload) {
        this.type = type;
        this.revision = revision;
        this.payload = payload;
    }

    /** Needs one real LemonadeSold in the store to copy. */
    public static SoldRows copiedFrom(Connection lemonade) throws SQLException {
        try (PreparedStatement template = lemonade.prepareStatement("""
                select type, payload_revision, payload from domain_event_entry
                where payload_type = ? order by global_index limit 1""")) {
            template.setString(1, SOLD);
            try (ResultSet real = template.executeQuery()) {
                if (!real.next()) {
                    throw new IllegalStateException("no LemonadeSold in the event store to copy");
                }
                return new SoldRows(real.getString("type"), real.getString("payload_revision"),
                        (ObjectNode) Shop.readJson(new String(real.getBytes("payload"), StandardCharsets.UTF_8)));
            }
        }
    }

    /** The cups of the real sale copied: every row written carries them. */
    public int cups() {
        return payload.path("cups").asInt();
    }

    /** Inserts a sale's LemonadeSold in the connection's current transaction; returns its global index. */
    public long insert(Connection lemonade, String saleId) throws SQLException {
        try (PreparedStatement insert = lemonade.prepareStatement(INSERT + " returning global_index")) {
            bind(insert, saleId);
            try (ResultSet inserted = insert.executeQuery()) {
                inserted.next();
                return inserted.getLong(1);
            }
        }
    }

    /** Inserts sales {@code prefix-0 .. prefix-(count-1)}, {@code perTransaction} to a commit, as fast as JDBC can. */
    public void insertCommitted(Connection lemonade, String prefix, int count, int perTransaction) throws SQLException {
        boolean autoCommit = lemonade.getAutoCommit();
        lemonade.setAutoCommit(false);
        try (PreparedStatement insert = lemonade.prepareStatement(INSERT)) {
            for (int n = 0; n < count; n++) {
                bind(insert, prefix + "-" + n);
                insert.addBatch();
                if ((n + 1) % perTransaction == 0 || n == count - 1) {
                    insert.executeBatch();
                    lemonade.commit();
                }
            }
        } finally {
            lemonade.setAutoCommit(autoCommit);
        }
    }

    private void bind(PreparedStatement insert, String saleId) throws SQLException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ObjectNode sale = payload.deepCopy();
        sale.put("saleId", saleId);
        ((ObjectNode) sale.path("customer")).put("name", "Held " + saleId).put("email", saleId + "@example.com");
        sale.put("soldAt", now.toString());
        insert.setString(1, saleId);
        insert.setString(2, type);
        insert.setString(3, UUID.randomUUID().toString());
        insert.setBytes(4, "{}".getBytes(StandardCharsets.UTF_8));
        insert.setBytes(5, sale.toString().getBytes(StandardCharsets.UTF_8));
        insert.setString(6, revision);
        insert.setString(7, SOLD);
        insert.setString(8, now.toString());
    }
}
