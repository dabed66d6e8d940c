package io.lemonadeoutbox.thankyou.card;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class CardRepository {

    private static final String COLUMNS = """
            sale_id, customer_name, customer_email, cups, message, event_id, created_at,
            refunded, refunded_at, refund_reason, trace_id, flavour
            """;

    private final JdbcClient jdbc;

    public CardRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false when the sale already has a card (the unique sale_id is the second line of defence) */
    public boolean insertIfAbsent(String saleId, String customerName, String customerEmail, int cups, String flavour,
                                  String eventId, String traceId) {
        int inserted = jdbc.sql("""
                        insert into card (sale_id, customer_name, customer_email, cups, message, event_id, trace_id,
                                          flavour)
                        values (:saleId, :name, :email, :cups, :message, :eventId, :traceId, :flavour)
                        on conflict (sale_id) do nothing
                        """)
                .param("saleId", saleId)
                .param("name", customerName)
                .param("email", customerEmail)
                .param("cups", cups)
                .param("message", Card.thankYouMessage(customerName, cups))
                .param("eventId", eventId)
                .param("traceId", traceId)
                .param("flavour", flavour)
                .update();
        return inserted == 1;
    }

    /** @return false when there is no card for the sale, or it is already refunded */
    public boolean markRefunded(String saleId, Instant refundedAt, String reason, String eventId) {
        return jdbc.sql("""
                        update card set refunded = true, refunded_at = :refundedAt, refund_reason = :reason,
                                        refund_event_id = :eventId
                        where sale_id = :saleId and not refunded
                        """)
                .param("saleId", saleId)
                .param("refundedAt", Timestamp.from(refundedAt))
                .param("reason", reason)
                .param("eventId", eventId)
                .update() == 1;
    }

    /**
     * Keeps a refund whose sale has no card yet, to be applied when the card is written.
     *
     * @return false when the sale already has a pending refund
     */
    public boolean keepPendingRefund(String saleId, Instant refundedAt, String reason, String eventId) {
        return jdbc.sql("""
                        insert into pending_refund (sale_id, refunded_at, refund_reason, refund_event_id)
                        values (:saleId, :refundedAt, :reason, :eventId)
                        on conflict (sale_id) do nothing
                        """)
                .param("saleId", saleId)
                .param("refundedAt", Timestamp.from(refundedAt))
                .param("reason", reason)
                .param("eventId", eventId)
                .update() == 1;
    }

    /** @return true when a refund was waiting for this sale's card: the card is now refunded and the wait is over */
    public boolean applyPendingRefund(String saleId) {
        int applied = jdbc.sql("""
                        update card set refunded = true, refunded_at = p.refunded_at, refund_reason = p.refund_reason,
                                        refund_event_id = p.refund_event_id
                          from pending_refund p
                         where card.sale_id = :saleId and p.sale_id = card.sale_id and not card.refunded
                        """)
                .param("saleId", saleId)
                .update();
        jdbc.sql("delete from pending_refund where sale_id = :saleId").param("saleId", saleId).update();
        return applied == 1;
    }

    public Optional<Card> find(String saleId) {
        return jdbc.sql("select " + COLUMNS + " from card where sale_id = :saleId")
                .param("saleId", saleId)
                .query(CardRepository::toCard)
                .optional();
    }

    public List<Card> newestFirst(int page, int size) {
        return jdbc.sql("select " + COLUMNS + " from card order by created_at desc, id desc limit :size offset :offset")
                .param("size", size)
                .param("offset", (long) page * size)
                .query(CardRepository::toCard)
                .list();
    }

    public long count() {
        return jdbc.sql("select count(*) from card").query(Long.class).single();
    }

    private static Card toCard(ResultSet rs, int row) throws SQLException {
        return new Card(
                rs.getString("sale_id"),
                rs.getString("customer_name"),
                rs.getString("customer_email"),
                rs.getInt("cups"),
                rs.getString("message"),
                rs.getString("event_id"),
                instant(rs.getTimestamp("created_at")),
                rs.getBoolean("refunded"),
                instant(rs.getTimestamp("refunded_at")),
                rs.getString("refund_reason"),
                rs.getString("trace_id"),
                rs.getString("flavour"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
