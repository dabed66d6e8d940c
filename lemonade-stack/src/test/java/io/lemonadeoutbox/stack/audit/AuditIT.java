package io.lemonadeoutbox.stack.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.lemonadeoutbox.infra.Postgres;
import io.lemonadeoutbox.infra.SharedInfrastructure;
import io.lemonadeoutbox.testkit.services.ProjectLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The audit against real PostgreSQL, on the services' own Flyway schemas, with rows made by hand so that every kind
 * of damage it looks for is really there.
 */
class AuditIT {

    private static final String SOLD = "io.lemonadeoutbox.lemonade.sale.LemonadeSold";
    private static final String REFUNDED = "io.lemonadeoutbox.lemonade.sale.SaleRefunded";

    private final Postgres postgres = SharedInfrastructure.get().postgres();

    @Test
    void findsEveryKindOfDamage() throws Exception {
        AuditSources sources = freshDatabases();
        try (Connection lemonade = connect(sources.lemonadeJdbcUrl());
             Connection thankyou = connect(sources.thankyouJdbcUrl())) {
            event(lemonade, 1, "e-ok", SOLD, "s-ok");
            event(lemonade, 2, "e-refund-sold", SOLD, "s-refund");
            event(lemonade, 3, "e-refund", REFUNDED, "s-refund");
            event(lemonade, 4, "e-gap", SOLD, "s-gap");       // in the token's gaps: not yet passed
            event(lemonade, 5, "e-lost", SOLD, "s-lost");     // passed by the token, never received
            event(lemonade, 6, "e-ahead", SOLD, "s-ahead");   // above the token: not yet published
            event(lemonade, 7, "e-dup", SOLD, "s-dup");
            token(lemonade, "{\"index\":5,\"gaps\":[4]}");

            // The unique key on card.sale_id makes a duplicate impossible; drop it to show the audit still counts one.
            execute(thankyou, "alter table card drop constraint card_sale_id_key");
            inbox(thankyou, "e-ok", "s-ok");
            inbox(thankyou, "e-refund-sold", "s-refund");
            inbox(thankyou, "e-refund", "s-refund");
            inbox(thankyou, "e-ghost", "s-ghost");
            inbox(thankyou, "e-dup", "s-dup");
            card(thankyou, "s-ok", "e-ok");
            card(thankyou, "s-refund", "e-refund-sold");       // its refund never reached the card
            card(thankyou, "s-ghost", "e-ghost");               // no such sale in the event store
            card(thankyou, "s-dup", "e-dup");
            card(thankyou, "s-dup", "e-dup");
            execute(thankyou, """
                    insert into dead_letter (topic, kafka_partition, kafka_offset, reason, headers)
                    values ('lemonade.sales', 0, 9, 'not JSON', '{}')""");
        }

        AuditReport report = Audit.run(sources);

        System.out.print(report.describe());
        assertThat(report.clean()).isFalse();
        assertThat(report.sales()).isEqualTo(6);
        assertThat(report.refunds()).isEqualTo(1);
        assertThat(report.events()).isEqualTo(7);
        assertThat(report.cards()).isEqualTo(5);
        assertThat(report.publishedUpTo()).isEqualTo(5);
        assertThat(report.deadLetters()).isEqualTo(1);
        assertThat(report.missingCardSaleIds()).containsExactly("s-gap", "s-lost", "s-ahead");
        assertThat(report.missingCards()).isEqualTo(3);
        assertThat(report.duplicateCardSaleIds()).containsExactly("s-dup");
        assertThat(report.duplicateCards()).isEqualTo(1);
        assertThat(report.orphanCardSaleIds()).containsExactly("s-ghost");
        assertThat(report.orphanCards()).isEqualTo(1);
        assertThat(report.unreflectedRefundSaleIds()).containsExactly("s-refund");
        assertThat(report.refundsNotReflected()).isEqualTo(1);
        assertThat(report.unpublishedEventIds()).containsExactly("e-lost");
        assertThat(report.unpublishedBelowToken()).isEqualTo(1);

        Command command = Command.run(sources);
        assertThat(command.exitCode()).isEqualTo(1);
        assertThat(command.out()).startsWith("lemonade-outbox audit: NOT CLEAN")
                .containsPattern("orphan cards.* 1  s-ghost")
                .containsPattern("never received +1  e-lost");
    }

    @Test
    void aHealthySystemIsCleanAndTheCommandExitsZero() throws Exception {
        AuditSources sources = freshDatabases();
        try (Connection lemonade = connect(sources.lemonadeJdbcUrl());
             Connection thankyou = connect(sources.thankyouJdbcUrl())) {
            event(lemonade, 1, "e1", SOLD, "s1");
            event(lemonade, 2, "e2", REFUNDED, "s1");
            event(lemonade, 3, "e3", SOLD, "s2");
            token(lemonade, "{\"index\":3,\"gaps\":[]}");
            inbox(thankyou, "e1", "s1");
            inbox(thankyou, "e2", "s1");
            inbox(thankyou, "e3", "s2");
            card(thankyou, "s1", "e1");
            card(thankyou, "s2", "e3");
            execute(thankyou, "update card set refunded = true, refund_event_id = 'e2' where sale_id = 's1'");
        }

        Command command = Command.run(sources);

        assertThat(command.exitCode()).as(command.out() + command.err()).isZero();
        assertThat(command.out()).startsWith("lemonade-outbox audit: CLEAN")
                .contains("2 sales, 1 refunds, 3 events, published up to global index 3")
                .contains("2 cards, 0 dead letters");
    }

    @Test
    void databasesItCannotReadExitThree() {
        AuditSources sources = freshDatabases();
        String absent = sources.thankyouJdbcUrl().replaceFirst("/audit_thankyou_\\w+", "/no_such_database");
        Command command = Command.run(new AuditSources(sources.lemonadeJdbcUrl(), absent, sources.user(),
                sources.password()));

        assertThat(command.exitCode()).isEqualTo(3);
        assertThat(command.err()).startsWith("could not read the databases");
    }

    private record Command(int exitCode, String out, String err) {
        static Command run(AuditSources sources) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Audit.runCommand(new String[] {"--lemonade-jdbc=" + sources.lemonadeJdbcUrl(),
                            "--thankyou-jdbc=" + sources.thankyouJdbcUrl(), "--user=" + sources.user(),
                            "--password=" + sources.password()},
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Command(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    /** Two new databases with the services' real migrations applied. */
    private AuditSources freshDatabases() {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        AuditSources sources = new AuditSources(postgres.jdbcUrl("audit_lemonade_" + run),
                postgres.jdbcUrl("audit_thankyou_" + run), postgres.username(), postgres.password());
        Path root = ProjectLayout.detect().root();
        migrate(sources.lemonadeJdbcUrl(), root.resolve("lemonade-app/src/main/resources/db/migration"));
        migrate(sources.thankyouJdbcUrl(), root.resolve("thankyou-service/src/main/resources/db/migration"));
        return sources;
    }

    private void migrate(String jdbcUrl, Path migrations) {
        try (Connection connection = connect(jdbcUrl); Stream<Path> files = Files.list(migrations)) {
            List<Path> versions = files.filter(file -> file.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted((a, b) -> Integer.compare(version(a), version(b))).toList();
            assertThat(versions).isNotEmpty();
            for (Path version : versions) {
                execute(connection, Files.readString(version));
            }
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("could not apply " + migrations, e);
        }
    }

    private static int version(Path migration) {
        String name = migration.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }

    private Connection connect(String jdbcUrl) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, postgres.username(), postgres.password());
    }

    private static void event(Connection lemonade, long globalIndex, String eventId, String type, String saleId)
            throws SQLException {
        try (PreparedStatement insert = lemonade.prepareStatement("""
                insert into domain_event_entry (global_index, aggregate_identifier, sequence_number, type,
                    event_identifier, payload, payload_revision, payload_type, time_stamp)
                values (?, ?, (select count(*) from domain_event_entry where aggregate_identifier = ?), 'Sale',
                    ?, '{}'::bytea, '1', ?, '2026-11-27T10:00:00Z')""")) {
            insert.setLong(1, globalIndex);
            insert.setString(2, saleId);
            insert.setString(3, saleId);
            insert.setString(4, eventId);
            insert.setString(5, type);
            insert.executeUpdate();
        }
    }

    private static void token(Connection lemonade, String json) throws SQLException {
        try (PreparedStatement insert = lemonade.prepareStatement("""
                insert into token_entry (processor_name, segment, token, token_type)
                values (?, 0, ?, 'org.axonframework.eventhandling.GapAwareTrackingToken')""")) {
            insert.setString(1, Audit.PUBLISHING_PROCESSOR);
            insert.setBytes(2, json.getBytes(StandardCharsets.UTF_8));
            insert.executeUpdate();
        }
    }

    private static void inbox(Connection thankyou, String eventId, String saleId) throws SQLException {
        try (PreparedStatement insert = thankyou.prepareStatement("""
                insert into inbox (event_id, event_type, sale_id, topic, kafka_partition, kafka_offset)
                values (?, 'LemonadeSold', ?, 'lemonade.sales', 0, 0)""")) {
            insert.setString(1, eventId);
            insert.setString(2, saleId);
            insert.executeUpdate();
        }
    }

    private static void card(Connection thankyou, String saleId, String eventId) throws SQLException {
        try (PreparedStatement insert = thankyou.prepareStatement("""
                insert into card (sale_id, customer_name, customer_email, cups, message, event_id)
                values (?, 'Ada Lovelace', 'ada@example.com', 2, 'Thank you', ?)""")) {
            insert.setString(1, saleId);
            insert.setString(2, eventId);
            insert.executeUpdate();
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
