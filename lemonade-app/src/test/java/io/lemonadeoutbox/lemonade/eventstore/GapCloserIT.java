package io.lemonadeoutbox.lemonade.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lemonadeoutbox.lemonade.RealServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Giving up a gap is safe only when no transaction can still commit into it ({@code V2__given_up_gaps.sql}). Each
 * test runs on an event store of its own, migrated by Flyway as the app's is, with no publisher reading it.
 */
class GapCloserIT {

    private DataSource database;
    private GapCloser closer;

    @BeforeEach
    void freshEventStore() {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl(RealServers.INFRA.postgres().jdbcUrl(RealServers.uniqueName("gaps")));
        source.setUser(RealServers.INFRA.postgres().username());
        source.setPassword(RealServers.INFRA.postgres().password());
        Flyway.configure().dataSource(source).load().migrate();
        database = source;
        closer = new GapCloser(source);
    }

    @Test
    void rolledBackIndexesAreGivenUpButOneStillInsideItsTransactionIsNot() throws Exception {
        long held;
        try (Connection slow = transaction()) {
            held = insert(slow, "slow");
            List<Long> rolledBack = rolledBack(1_000);
            long after = committed("after");

            Set<Long> givenUp = closer.giveUp(concat(rolledBack, List.of(held)));

            Set<Long> sharingTheSlowBucket = rolledBack.stream().filter(gap -> gap % 512 == held % 512)
                    .collect(Collectors.toSet());
            assertThat(givenUp).doesNotContain(held).isSubsetOf(rolledBack)
                    .containsAll(rolledBack.stream().filter(gap -> !sharingTheSlowBucket.contains(gap)).toList());
            assertThat(after).isGreaterThan(held);
            slow.commit();
        }
        assertThat(rowsAt(List.of(held))).as("the slow append, committed after the others").containsExactly(held);
    }

    @Test
    void anIndexWithAnEventIsNeverGivenUp() throws Exception {
        long event = committed("kept");
        assertThat(closer.giveUp(List.of(event))).isEmpty();
        assertThat(rowsAt(List.of(event))).containsExactly(event);
    }

    @Test
    void anInsertReachingAnIndexAlreadyGivenUpWritesNothingAndFailsAsALostRace() throws Exception {
        long handedOut;
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
             ResultSet next = statement.executeQuery("select nextval('domain_event_entry_global_index_seq')")) {
            next.next();
            handedOut = next.getLong(1);
        }
        assertThat(closer.giveUp(List.of(handedOut))).containsExactly(handedOut);

        try (Connection late = transaction()) {
            assertThatThrownBy(() -> insertAt(late, handedOut, "late"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(refused -> assertThat(((SQLException) refused).getSQLState()).isEqualTo("40001"))
                    .satisfies(refused -> assertThat(new AppendConflicts()
                            .isDuplicateKeyViolation((SQLException) refused)).isTrue());
            late.rollback();
        }
        assertThat(rowsAt(List.of(handedOut))).isEmpty();
    }

    /**
     * The one moment the bucket lock cannot cover: an insert that has its index from the sequence but has not reached
     * the trigger. A test trigger that sorts before ours holds it there for a second.
     */
    @Test
    void anInsertOvertakenBetweenTheSequenceAndItsTriggerIsRefusedNotLost() throws Exception {
        try (Connection admin = database.getConnection(); Statement statement = admin.createStatement()) {
            statement.execute("""
                    create function stall_slow_inserts() returns trigger language plpgsql as $$
                    begin
                        if new.aggregate_identifier like 'stalled-%' then perform pg_sleep(1); end if;
                        return new;
                    end $$;
                    create trigger a_stall_slow_inserts before insert on domain_event_entry
                        for each row execute function stall_slow_inserts();""");
        }
        long before = committed("before");
        CompletableFuture<Object> stalled = CompletableFuture.supplyAsync(() -> {
            try (Connection connection = transaction()) {
                long index = insert(connection, "stalled-1");
                connection.commit();
                return index;
            } catch (SQLException e) {
                return e;
            }
        });
        long stalledIndex = awaitSequencePast(before);
        long after = committed("after");

        assertThat(closer.giveUp(List.of(stalledIndex))).containsExactly(stalledIndex);

        Object outcome = stalled.get(10, TimeUnit.SECONDS);
        assertThat(outcome).isInstanceOfSatisfying(SQLException.class,
                refused -> assertThat(refused.getSQLState()).isEqualTo("40001"));
        assertThat(rowsAt(List.of(stalledIndex))).isEmpty();
        assertThat(after).isGreaterThan(stalledIndex);
    }

    /**
     * A random schedule of appends that commit, roll back or stay open for a while, on several connections, while
     * the closer keeps trying to give up every missing index. Whatever the interleaving: no index that holds an event
     * was ever given up, and once nothing runs, every missing index can be given up.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void underARandomScheduleNoIndexIsBothGivenUpAndCommitted(long seed) throws Exception {
        Schedule schedule = runRandomSchedule(seed, closer::giveUp);

        assertThat(schedule.givenUp()).as("given up while appends ran").isNotEmpty()
                .doesNotContainAnyElementsOf(schedule.committed());
        List<Long> missing = missingIndexes();
        assertThat(closer.giveUp(missing)).as("every missing index, once nothing runs")
                .containsExactlyInAnyOrderElementsOf(missing);
        System.out.printf("seed %d: %d events, %d indexes given up while appending, %d appends refused%n", seed,
                schedule.committed().size(), schedule.givenUp().size(), schedule.refused());
    }

    /** The schedule above can see a loss: giving up every missing index without the bucket lock is caught. */
    @Test
    void theSameScheduleCatchesACloserThatDoesNotTakeTheBucketLock() throws Exception {
        Schedule schedule = runRandomSchedule(1, this::giveUpWithoutTheLock);

        assertThat(schedule.givenUp()).as("indexes given up although their event committed")
                .containsAnyElementsOf(schedule.committed());
    }

    private record Schedule(Set<Long> givenUp, Set<Long> committed, int refused) {
    }

    private Schedule runRandomSchedule(long seed, GiveUp giveUp) throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        Set<Long> refused = ConcurrentHashMap.newKeySet();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int writer = 0; writer < 4; writer++) {
            Random random = new Random(seed * 31 + writer);
            done.add(CompletableFuture.runAsync(() -> write(random, writing, refused), writers));
        }
        Set<Long> givenUp = new HashSet<>();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
        while (System.nanoTime() < until) {
            givenUp.addAll(giveUp.apply(missingIndexes()));
        }
        writing.set(false);
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        writers.shutdown();
        Set<Long> committed = new TreeSet<>(rowsAt(LongStream.rangeClosed(1, head()).boxed().toList()));
        return new Schedule(givenUp, committed, refused.size());
    }

    private interface GiveUp {
        Set<Long> apply(List<Long> gaps) throws SQLException;
    }

    private Set<Long> giveUpWithoutTheLock(List<Long> gaps) throws SQLException {
        return new HashSet<>(longs("""
                insert into given_up_index (global_index)
                select g from unnest(?::bigint[]) g
                 where not exists (select 1 from domain_event_entry e where e.global_index = g)
                on conflict do nothing
                returning global_index""", gaps));
    }

    @Test
    void aTokenLosesTheGapsThatAreGivenUpOnceTheyAre250MsOldAndKeepsTheOthers() throws Exception {
        try (Connection slow = transaction()) {
            long held = insert(slow, "slow");
            List<Long> rolledBack = rolledBack(200);
            long after = committed("after");
            TreeSet<Long> gaps = new TreeSet<>(rolledBack);
            gaps.add(held);
            GapAwareTrackingToken token = GapAwareTrackingToken.newInstance(after, gaps);
            AtomicLong nanos = new AtomicLong();
            GapCloser closer = new GapCloser(database, nanos::get);

            assertThat(closer.withoutDeadGaps(token).getGaps()).as("no gap probed before it is 250 ms old")
                    .hasSameSizeAs(gaps);
            nanos.addAndGet(GapCloser.PROBE_AFTER.toNanos());
            GapAwareTrackingToken cleaned = closer.withoutDeadGaps(token);

            assertThat(cleaned.getIndex()).isEqualTo(after);
            assertThat(cleaned.getGaps()).contains(held)
                    .allMatch(gap -> gap == held || gap % 512 == held % 512);
            slow.rollback();
        }
    }

    private void write(Random random, AtomicBoolean writing, Set<Long> refused) {
        while (writing.get()) {
            try (Connection connection = transaction()) {
                int rows = 1 + random.nextInt(random.nextInt(10) == 0 ? 40 : 3);
                for (int i = 0; i < rows; i++) {
                    insert(connection, "random-" + random.nextLong());
                }
                int draw = random.nextInt(10);
                if (draw < 3) {
                    Thread.sleep(random.nextInt(400));
                }
                if (draw < 6) {
                    connection.commit();
                } else {
                    connection.rollback();
                }
            } catch (SQLException e) {
                if (!"40001".equals(e.getSQLState())) {
                    throw new IllegalStateException(e);
                }
                refused.add(System.nanoTime());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private List<Long> missingIndexes() throws SQLException {
        return longs("""
                select g from generate_series(1, (select coalesce(max(global_index), 0) from domain_event_entry)) g
                 where not exists (select 1 from domain_event_entry e where e.global_index = g)
                   and not exists (select 1 from given_up_index u where u.global_index = g)""", null);
    }

    /** The first column of every row the statement answers; its one parameter, if any, a bigint array. */
    private List<Long> longs(String sql, List<Long> parameter) throws SQLException {
        try (Connection connection = database.getConnection(); PreparedStatement query = connection.prepareStatement(sql)) {
            if (parameter != null) {
                query.setArray(1, connection.createArrayOf("bigint", parameter.toArray()));
            }
            List<Long> values = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getLong(1));
                }
            }
            return values;
        }
    }

    private Connection transaction() throws SQLException {
        Connection connection = database.getConnection();
        connection.setAutoCommit(false);
        return connection;
    }

    private static long insert(Connection connection, String aggregate) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                    meta_data, payload, payload_revision, payload_type, time_stamp)
                values (?, 0, 'Sale', gen_random_uuid()::text, '\\x7b7d'::bytea, '\\x7b7d'::bytea, '1', 'Nothing',
                    now()::text)
                returning global_index""")) {
            insert.setString(1, aggregate);
            try (ResultSet index = insert.executeQuery()) {
                index.next();
                return index.getLong(1);
            }
        }
    }

    private static void insertAt(Connection connection, long globalIndex, String aggregate) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into domain_event_entry (global_index, aggregate_identifier, sequence_number, type,
                    event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp)
                values (?, ?, 0, 'Sale', gen_random_uuid()::text, '\\x7b7d'::bytea, '\\x7b7d'::bytea, '1', 'Nothing',
                    now()::text)""")) {
            insert.setLong(1, globalIndex);
            insert.setString(2, aggregate);
            insert.executeUpdate();
        }
    }

    private long committed(String aggregate) throws SQLException {
        try (Connection connection = transaction()) {
            long index = insert(connection, aggregate + "-" + System.nanoTime());
            connection.commit();
            return index;
        }
    }

    private List<Long> rolledBack(int count) throws SQLException {
        List<Long> indexes = new ArrayList<>();
        try (Connection connection = transaction()) {
            for (int i = 0; i < count; i++) {
                indexes.add(insert(connection, "rolled-back-" + System.nanoTime()));
            }
            connection.rollback();
        }
        return indexes;
    }

    private long awaitSequencePast(long index) throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
                 ResultSet last = statement.executeQuery(
                         "select last_value from domain_event_entry_global_index_seq")) {
                last.next();
                if (last.getLong(1) > index) {
                    return last.getLong(1);
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the stalled insert never took an index");
    }

    private long head() throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
             ResultSet head = statement.executeQuery("select coalesce(max(global_index), 0) from domain_event_entry")) {
            head.next();
            return head.getLong(1);
        }
    }

    private List<Long> rowsAt(List<Long> indexes) throws SQLException {
        return longs("select global_index from domain_event_entry where global_index = any(?) order by 1", indexes);
    }

    private static List<Long> concat(List<Long> first, List<Long> second) {
        List<Long> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
