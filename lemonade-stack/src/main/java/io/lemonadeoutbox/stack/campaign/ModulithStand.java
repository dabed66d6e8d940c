package io.lemonadeoutbox.stack.campaign;

import io.lemonadeoutbox.testkit.services.ProjectLayout;
import io.lemonadeoutbox.stack.audit.AuditComparison;
import io.lemonadeoutbox.stack.audit.AuditReport;
import io.lemonadeoutbox.stack.audit.AuditSources;
import io.lemonadeoutbox.stack.audit.CardRow;
import io.lemonadeoutbox.stack.audit.PublishedPosition;
import io.lemonadeoutbox.stack.audit.StoredEvent;
import io.lemonadeoutbox.stack.campaign.Checker.StoredSale;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * lemonade-peer (issue 15): Spring Modulith 1.4's JDBC event publication registry, externalized to Kafka. The
 * registry is the truth of what was committed: each sale's {@code LemonadeSold} and {@code SaleRefunded} is a row of
 * {@code event_publication}, written in the sale's transaction (the {@code sale} table is the state, one row per
 * sale, and would hide a second refund). Its jar is built only by the root pom's {@code bench} profile.
 */
final class ModulithStand implements Stand {

    static final String NAME = "modulith";
    /** The property lemonade-bench reads for the same jar. */
    static final String PEER_JAR_PROPERTY = "bench.lemonade-peer-jar";
    static final String BUILD_COMMAND = "./mvnw -B -ntp -Pbench -pl lemonade-peer -am package -DskipTests";
    /** Modulith 1.4.4's API: CompletedEventPublications has findAll and delete*, IncompleteEventPublications resubmit*. */
    static final String NO_REPUBLISH = "Spring Modulith 1.4 offers no republish of completed publications "
            + "(CompletedEventPublications only finds and deletes them), so records lost with the topic stay lost";
    private static final String EVENT = "serialized_event::jsonb";

    private final Path peerJar;

    /** @param peerJar the jar given on the command line, or null: {@value #PEER_JAR_PROPERTY}, then the build's */
    ModulithStand(Path peerJar) {
        this.peerJar = peerJar;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String describe() {
        return "modulith: 2 lemonade-peer instances (Spring Modulith 1.4.4's JDBC event publication registry "
                + "externalized to Kafka) sharing database " + salesDatabase();
    }

    @Override
    public String appName() {
        return "lemonade-peer";
    }

    @Override
    public Path appJar(ProjectLayout layout) {
        String property = System.getProperty(PEER_JAR_PROPERTY);
        Path jar = peerJar != null ? peerJar
                : property != null && !property.isBlank() ? Path.of(property)
                : layout.root().resolve("lemonade-peer").resolve("target").resolve("lemonade-peer.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing. lemonade-peer is built only with the bench profile; "
                    + "in " + layout.root() + " run:  " + BUILD_COMMAND + "   (or give --peer-jar <jar> or -D"
                    + PEER_JAR_PROPERTY + "=<jar>)");
        }
        return jar;
    }

    @Override
    public String salesDatabase() {
        return "lemonade_peer";
    }

    @Override
    public String storeName() {
        return "the event publication registry";
    }

    @Override
    public List<String> appArgs() {
        return List.of();
    }

    @Override
    public String outboxEventsQuery() {
        return "select count(*) from event_publication";
    }

    @Override
    public Map<String, StoredSale> committedSales(Connection sales) throws SQLException {
        Map<String, StoredSale> events = new HashMap<>();
        // one row per event and listener: distinct event ids count events, whatever the number of listeners
        try (PreparedStatement query = sales.prepareStatement("select " + EVENT + " -> 'payload' ->> 'saleId', "
                + EVENT + " -> 'payload' ->> '@event', count(distinct " + EVENT + " ->> 'eventId') "
                + "from event_publication group by 1, 2");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                String type = String.valueOf(rows.getString(2));
                int count = rows.getInt(3);
                StoredSale before = events.getOrDefault(rows.getString(1), new StoredSale(0, 0));
                events.put(rows.getString(1), type.equals("LemonadeSold")
                        ? new StoredSale(before.sold() + count, before.refunded())
                        : type.equals("SaleRefunded") ? new StoredSale(before.sold(), before.refunded() + count)
                        : before);
            }
        }
        return events;
    }

    /** Modulith 1.4 republishes nothing that was completed: no sale's events are ever sent again from the start. */
    @Override
    public Set<String> reorderableBy(Connection sales, List<RepublishWindow> republished) {
        return Set.of();
    }

    /**
     * The same comparison as lemonade-app's audit, with the registry as the events: a completed publication (Kafka
     * acknowledged it) counts as passed by the publisher, so one the inbox never received is a finding.
     */
    @Override
    public AuditReport audit(AuditSources databases) {
        try (Connection sales = connect(databases.lemonadeJdbcUrl(), databases);
             Connection thankyou = connect(databases.thankyouJdbcUrl(), databases)) {
            List<CardRow> cards = new ArrayList<>();
            try (PreparedStatement query = thankyou.prepareStatement("select sale_id, refunded from card");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    cards.add(new CardRow(rows.getString(1), rows.getBoolean(2)));
                }
            }
            List<StoredEvent> events = new ArrayList<>();
            long completed = 0;
            try (PreparedStatement query = sales.prepareStatement("select " + EVENT + " ->> 'eventId', " + EVENT
                    + " -> 'payload' ->> '@event', " + EVENT + " -> 'payload' ->> 'saleId', completion_date is not null"
                    + " from event_publication order by completion_date is null, publication_date, id");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String type = String.valueOf(rows.getString(2));
                    StoredEvent.Kind kind = type.equals("LemonadeSold") ? StoredEvent.Kind.SOLD
                            : type.equals("SaleRefunded") ? StoredEvent.Kind.REFUNDED : StoredEvent.Kind.OTHER;
                    events.add(new StoredEvent(events.size(), rows.getString(1), kind, rows.getString(3)));
                    if (rows.getBoolean(4)) {
                        completed++;
                    }
                }
            }
            Set<String> inbox = new HashSet<>();
            try (PreparedStatement query = thankyou.prepareStatement("select event_id from inbox");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    inbox.add(rows.getString(1));
                }
            }
            int deadLetters;
            try (PreparedStatement query = thankyou.prepareStatement("select count(*) from dead_letter");
                 ResultSet rows = query.executeQuery()) {
                rows.next();
                deadLetters = rows.getInt(1);
            }
            // completed publications come first, so "passed" is exactly the completed ones
            return AuditComparison.compare(events, new PublishedPosition(completed - 1, Set.of()), cards, inbox,
                    deadLetters);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the databases: " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> faultNotes() {
        return List.of("held-transaction: a sale's own transaction in lemonade-peer held at its insert into sale (the"
                        + " nemesis holds a conflicting uncommitted row, then rolls it back) while other sales commit past"
                        + " it and as many rolled-back inserts go into event_publication; nothing orders by an index here",
                "gap-storm: transactions rolled back after their inserts into event_publication (nothing reads the"
                        + " registry by position, so there is no gap to wait for)",
                "topic-loss: topic deleted and recreated; its republish from 0 is not applicable to this stand: "
                        + NO_REPUBLISH);
    }

    @Override
    public Optional<String> notApplicable(String what) {
        return what.equals(REPUBLISH) ? Optional.of(NO_REPUBLISH) : Optional.empty();
    }

    private static Connection connect(String url, AuditSources databases) throws SQLException {
        Connection connection = DriverManager.getConnection(url, databases.user(), databases.password());
        connection.setReadOnly(true);
        return connection;
    }
}
