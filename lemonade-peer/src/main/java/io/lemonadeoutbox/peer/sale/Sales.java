package io.lemonadeoutbox.peer.sale;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The sales table and the sale's event change in one transaction: the row, and Modulith's event publication row
 * that {@link ApplicationEventPublisher#publishEvent} writes for the externalization listener. After commit,
 * Modulith sends the event to Kafka and marks the publication complete.
 */
@Service
public class Sales {

    private static final String COLUMNS = """
            sale_id, customer_name, customer_email, cups, unit_price_cents, total_cents, currency, sold_at,
            refund_reason, refunded_at""";

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Sales(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Idempotent per sale id, like lemonade-app: the same order again publishes nothing, another order under the
     * same id is a conflict. Two identical requests racing: the unique key makes the second wait for the first's
     * commit, insert nothing and answer the committed sale.
     */
    @Transactional
    SaleRecorded sell(String saleId, Customer customer, int cups, Money unitPrice) {
        Instant soldAt = now();
        Money total = unitPrice.times(cups);
        int inserted = jdbc.sql("""
                        INSERT INTO sale (sale_id, customer_name, customer_email, cups, unit_price_cents, total_cents,
                                          currency, sold_at, version)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)
                        ON CONFLICT (sale_id) DO NOTHING""")
                .params(saleId, customer.name(), customer.email(), cups, unitPrice.cents(), total.cents(),
                        unitPrice.currency(), Timestamp.from(soldAt))
                .update();
        if (inserted == 1) {
            LemonadeSold sold = new LemonadeSold(saleId, customer, cups, unitPrice, total, soldAt);
            events.publishEvent(new SaleEvent(UUID.randomUUID(), 0, soldAt, sold));
            return new SaleRecorded(viewOf(sold), true);
        }
        SaleView existing = find(saleId).orElseThrow(() -> new IllegalStateException("sale " + saleId + " vanished"));
        boolean sameOrder = existing.customerName().equals(customer.name())
                && existing.customerEmail().equals(customer.email()) && existing.cups() == cups;
        if (!sameOrder) {
            throw new SaleConflictException("sale " + saleId + " was already recorded with another order");
        }
        return new SaleRecorded(existing, false);
    }

    @Transactional
    SaleView refund(String saleId, String reason) {
        Instant refundedAt = now();
        Optional<Refunded> refunded = jdbc.sql("""
                        UPDATE sale SET refund_reason = ?, refunded_at = ?, version = version + 1
                        WHERE sale_id = ? AND refunded_at IS NULL
                        RETURNING version, """ + COLUMNS)
                .params(reason, Timestamp.from(refundedAt), saleId)
                .query((rs, row) -> new Refunded(rs.getLong("version"), view(rs)))
                .optional();
        if (refunded.isEmpty()) {
            if (find(saleId).isPresent()) {
                throw new SaleConflictException("sale " + saleId + " was already refunded");
            }
            throw new SaleNotFoundException(saleId);
        }
        SaleView sale = refunded.get().sale();
        SaleRefunded event = new SaleRefunded(saleId, new Customer(sale.customerName(), sale.customerEmail()),
                sale.total(), reason, refundedAt);
        events.publishEvent(new SaleEvent(UUID.randomUUID(), refunded.get().version(), refundedAt, event));
        return sale;
    }

    @Transactional(readOnly = true)
    public Optional<SaleView> find(String saleId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sale WHERE sale_id = ?")
                .param(saleId)
                .query((rs, row) -> view(rs))
                .optional();
    }

    /** PostgreSQL keeps microseconds; the event carries the same instant the row does. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private record Refunded(long version, SaleView sale) {
    }

    private static SaleView viewOf(LemonadeSold sold) {
        return new SaleView(sold.saleId(), sold.customer().name(), sold.customer().email(), sold.cups(),
                sold.unitPrice(), sold.total(), sold.soldAt(), false, null, null);
    }

    private static SaleView view(ResultSet rs) throws SQLException {
        String currency = rs.getString("currency");
        Timestamp refundedAt = rs.getTimestamp("refunded_at");
        return new SaleView(rs.getString("sale_id"), rs.getString("customer_name"), rs.getString("customer_email"),
                rs.getInt("cups"), new Money(rs.getLong("unit_price_cents"), currency),
                new Money(rs.getLong("total_cents"), currency), rs.getTimestamp("sold_at").toInstant(),
                refundedAt != null, rs.getString("refund_reason"), refundedAt == null ? null : refundedAt.toInstant());
    }
}
