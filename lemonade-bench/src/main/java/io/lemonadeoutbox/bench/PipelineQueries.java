package io.lemonadeoutbox.bench;

import io.lemonadeoutbox.testkit.SaleRecords;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The SQL the benchmark asks of the pipeline's own databases, for the timestamps and counts the system itself
 * records: the pipeline's sales and outbox (read through its {@link PipelineUnderTest.SalesSource}) and the cards
 * (thankyou-service's tables).
 */
final class PipelineQueries implements AutoCloseable {

    /** What the audit found, by SQL over both databases. */
    record Audit(long sales, long cards, long missing, long duplicate, long orphan, long deadLetters) {
        boolean clean() {
            return missing == 0 && duplicate == 0 && orphan == 0 && deadLetters == 0;
        }
    }

    private final Connection lemonade;
    private final Connection thankyou;
    private final PipelineUnderTest.SalesSource source;

    PipelineQueries(String lemonadeUrl, String thankyouUrl, String user, String password,
              PipelineUnderTest.SalesSource source) throws SQLException {
        this.source = source;
        lemonade = DriverManager.getConnection(lemonadeUrl, user, password);
        thankyou = DriverManager.getConnection(thankyouUrl, user, password);
    }

    /** The average stored size of a LemonadeSold payload and its metadata, to give the raw appends the same shape. */
    synchronized RawLimits.Shape soldShape() throws SQLException {
        try (PreparedStatement q = lemonade.prepareStatement("""
                select coalesce(avg(octet_length(payload)), 300), coalesce(avg(octet_length(meta_data)), 100)
                from domain_event_entry where payload_type = ?""")) {
            q.setString(1, SaleRecords.LEMONADE_SOLD);
            ResultSet r = q.executeQuery();
            r.next();
            return new RawLimits.Shape((int) Math.round(r.getDouble(1)), (int) Math.round(r.getDouble(2)));
        }
    }

    /** A real LemonadeSold's payload and metadata, for the raw pipeline's rows (the same bytes the consumer parses). */
    synchronized byte[][] soldSample() throws SQLException {
        try (PreparedStatement q = lemonade.prepareStatement(
                "select payload, meta_data from domain_event_entry where payload_type = ? limit 1")) {
            q.setString(1, SaleRecords.LEMONADE_SOLD);
            ResultSet r = q.executeQuery();
            if (!r.next()) {
                throw new IllegalStateException("no LemonadeSold in the event store to copy");
            }
            return new byte[][] {r.getBytes(1), r.getBytes(2)};
        }
    }

    /** PostgreSQL's server process and all its children (the backends), when it runs on this machine. */
    synchronized java.util.stream.Stream<ProcessHandle> postgresProcesses() throws SQLException {
        ResultSet r = lemonade.createStatement().executeQuery("select pg_backend_pid()");
        r.next();
        return ProcessHandle.of(r.getLong(1)).flatMap(ProcessHandle::parent).stream()
                .flatMap(postmaster -> java.util.stream.Stream.concat(java.util.stream.Stream.of(postmaster),
                        postmaster.descendants()));
    }

    java.util.stream.Stream<ProcessHandle> postgresProcessesOrNone() {
        try {
            return postgresProcesses();
        } catch (SQLException e) {
            return java.util.stream.Stream.empty();
        }
    }

    synchronized long eventsInStore() throws SQLException {
        ResultSet r = lemonade.createStatement().executeQuery(source.eventsQuery());
        r.next();
        return r.getLong(1);
    }

    /** Outbox rows Kafka has not acknowledged yet, or -1 where the pipeline keeps no such mark. */
    synchronized long unacknowledged() throws SQLException {
        if (source.unacknowledgedQuery() == null) {
            return -1;
        }
        ResultSet r = lemonade.createStatement().executeQuery(source.unacknowledgedQuery());
        r.next();
        return r.getLong(1);
    }

    synchronized long cards() throws SQLException {
        ResultSet r = thankyou.createStatement().executeQuery("select count(*) from card");
        r.next();
        return r.getLong(1);
    }

    synchronized long cards(String phase) throws SQLException {
        try (PreparedStatement q = thankyou.prepareStatement("select count(*) from card where sale_id like ?")) {
            q.setString(1, phase + "-%");
            ResultSet r = q.executeQuery();
            r.next();
            return r.getLong(1);
        }
    }

    /** Sale id to when the sale was recorded (epoch microseconds), for the sales of one phase (or all with "%"). */
    synchronized Map<String, Long> soldAt(String phase) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        try (PreparedStatement q = lemonade.prepareStatement(source.soldAtQuery())) {
            q.setString(1, phase + "-%");
            ResultSet r = q.executeQuery();
            while (r.next()) {
                out.put(r.getString(1), r.getLong(2));
            }
        }
        return out;
    }

    /** Sale id to the card's created_at (epoch microseconds). */
    synchronized Map<String, Long> cardCreatedAt(String phase) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        try (PreparedStatement q = thankyou.prepareStatement(
                "select sale_id, created_at from card where sale_id like ?")) {
            q.setString(1, phase + "-%");
            ResultSet r = q.executeQuery();
            while (r.next()) {
                out.put(r.getString(1), micros(r.getTimestamp(2).toInstant()));
            }
        }
        return out;
    }

    /** Every sale the pipeline recorded against every card: missing, duplicate and orphan cards, dead letters. */
    synchronized Audit audit() throws SQLException {
        Set<String> sales = new HashSet<>();
        long duplicateSales = 0;
        try (PreparedStatement q = lemonade.prepareStatement(source.soldIdsQuery())) {
            ResultSet r = q.executeQuery();
            while (r.next()) {
                if (!sales.add(r.getString(1))) {
                    duplicateSales++;
                }
            }
        }
        Map<String, Long> cardsPerSale = new HashMap<>();
        ResultSet r = thankyou.createStatement().executeQuery("select sale_id, count(*) from card group by sale_id");
        while (r.next()) {
            cardsPerSale.put(r.getString(1), r.getLong(2));
        }
        long missing = sales.stream().filter(s -> !cardsPerSale.containsKey(s)).count();
        long duplicate = duplicateSales + cardsPerSale.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
        long orphan = cardsPerSale.keySet().stream().filter(s -> !sales.contains(s)).count();
        long cards = cardsPerSale.values().stream().mapToLong(Long::longValue).sum();
        ResultSet dead = thankyou.createStatement().executeQuery("select count(*) from dead_letter");
        dead.next();
        return new Audit(sales.size(), cards, missing, duplicate, orphan, dead.getLong(1));
    }

    static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    @Override
    public void close() throws SQLException {
        lemonade.close();
        thankyou.close();
    }
}
