package io.lemonadeoutbox.stack.campaign;

import io.lemonadeoutbox.testkit.services.LemonadeServices.Wiring;
import io.lemonadeoutbox.testkit.services.ProjectLayout;
import io.lemonadeoutbox.stack.audit.Audit;
import io.lemonadeoutbox.stack.audit.AuditReport;
import io.lemonadeoutbox.stack.audit.AuditSources;
import io.lemonadeoutbox.stack.campaign.Checker.StoredSale;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * lemonade-app: Axon's JDBC event store is the outbox, a tracking processor in two segments (either instance may
 * claim both) publishes it. Every fault kind applies.
 */
final class AxonStand implements Stand {

    static final String NAME = "axon";
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(5);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String describe() {
        return "axon: 2 lemonade-app instances (Axon's event store as the outbox, one tracking processor in 2 "
                + "segments) sharing database " + salesDatabase();
    }

    @Override
    public String appName() {
        return "lemonade-app";
    }

    @Override
    public Path appJar(ProjectLayout layout) {
        return layout.lemonadeAppJar();
    }

    @Override
    public String salesDatabase() {
        return Wiring.STANDARD.lemonadeDatabase();
    }

    @Override
    public String storeName() {
        return "the event store";
    }

    @Override
    public List<String> appArgs() {
        // two segments; each instance may claim both, so either one alone publishes everything
        return List.of("--lemonade.publishing.segments=2", "--lemonade.publishing.threads=2",
                "--axon.eventhandling.tokenstore.claim-timeout=" + CLAIM_TIMEOUT.toSeconds() + "s");
    }

    @Override
    public String outboxEventsQuery() {
        return "select count(*) from domain_event_entry";
    }

    @Override
    public Map<String, StoredSale> committedSales(Connection sales) throws SQLException {
        Map<String, StoredSale> events = new HashMap<>();
        try (PreparedStatement query = sales.prepareStatement("""
                select aggregate_identifier, payload_type, count(*) from domain_event_entry group by 1, 2""");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                String type = rows.getString(2);
                int count = rows.getInt(3);
                StoredSale before = events.getOrDefault(rows.getString(1), new StoredSale(0, 0));
                events.put(rows.getString(1), type.endsWith(".LemonadeSold")
                        ? new StoredSale(before.sold() + count, before.refunded())
                        : type.endsWith(".SaleRefunded") ? new StoredSale(before.sold(), before.refunded() + count)
                        : before);
            }
        }
        return events;
    }

    @Override
    public Set<String> reorderableBy(Connection sales, List<RepublishWindow> republished) throws SQLException {
        Set<String> reorderable = new HashSet<>();
        try (PreparedStatement query = sales.prepareStatement("""
                select sold.aggregate_identifier, sold.global_index, refund.global_index
                from domain_event_entry sold join domain_event_entry refund
                  on refund.aggregate_identifier = sold.aggregate_identifier
                 and refund.payload_type like '%.SaleRefunded'
                where sold.payload_type like '%.LemonadeSold'""");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                long soldIndex = rows.getLong(2);
                long refundIndex = rows.getLong(3);
                if (republished.stream().anyMatch(window -> window.mayReorder(soldIndex, refundIndex))) {
                    reorderable.add(rows.getString(1));
                }
            }
        }
        return reorderable;
    }

    @Override
    public AuditReport audit(AuditSources databases) {
        return Audit.run(databases);
    }

    @Override
    public List<String> faultNotes() {
        return List.of();
    }

    @Override
    public Optional<String> notApplicable(String what) {
        return Optional.empty();
    }
}
