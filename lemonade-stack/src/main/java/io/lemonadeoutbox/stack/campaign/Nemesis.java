package io.lemonadeoutbox.stack.campaign;

import io.lemonadeoutbox.stack.HeldSale;
import io.lemonadeoutbox.stack.audit.Audit;
import io.lemonadeoutbox.testkit.services.ServiceProcess;
import io.lemonadeoutbox.testkit.services.ServiceProcess.ServiceFailedException;
import io.lemonadeoutbox.stack.Shop;
import io.lemonadeoutbox.stack.audit.AuditSources;
import io.lemonadeoutbox.stack.audit.PublishedPosition;
import io.lemonadeoutbox.stack.campaign.Operation.Kind;
import io.lemonadeoutbox.stack.campaign.Operation.Order;
import io.lemonadeoutbox.testkit.KafkaTopics;
import io.lemonadeoutbox.testkit.SaleRecords;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Runs the schedule: each fault on its own thread at its time, waiting for its lock (a service is not killed while
 * it restarts), so faults on different things overlap. Every fault is recorded with what really happened.
 */
final class Nemesis {

    /** Every poison record's key starts with this; nothing else may end up dead-lettered. */
    static final String POISON_PREFIX = "poison-";
    private static final Duration REPUBLISH_TIMEOUT = Duration.ofMinutes(5);
    /** Often enough to end connections inside a transaction or just used (the pool skips checking those). */
    private static final long RESET_EVERY_MILLIS = 50;
    /** Longer than the single broker takes to drop a deleted topic's partitions after the controller accepted it. */
    private static final long DELETION_APPLIED_MILLIS = 2_000;

    private final CampaignSettings settings;
    private final CampaignStack stack;
    private final History history;
    private final FaultLocks locks = new FaultLocks();
    private final Map<Fault, Long> active = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Set<String> poisonWritten = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> poisonAckedAt = new ConcurrentHashMap<>();
    private volatile long topicRecreatedAt;
    private final List<RepublishWindow> republished = new CopyOnWriteArrayList<>();
    private final RecordRefusal refusal;

    Nemesis(CampaignSettings settings, CampaignStack stack, History history) {
        this.settings = settings;
        this.stack = stack;
        this.history = history;
        this.refusal = new RecordRefusal(settings, stack, history);
    }

    /** Starts one thread per fault; each sleeps until its time. {@code lastStartMillis} ends waiting for a lock. */
    void start(List<Fault> schedule, long lastStartMillis) {
        for (Fault fault : schedule) {
            Thread thread = new Thread(() -> run(fault, lastStartMillis), "nemesis-" + fault.number());
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** The faults happening now, for the progress line and the timeline. */
    List<Fault> active() {
        return active.keySet().stream().sorted(Comparator.comparingInt(Fault::number)).toList();
    }

    /** Every poison record written (also those whose send failed: they may have arrived all the same). */
    List<String> poisonKeys() {
        return List.copyOf(poisonWritten);
    }

    /** The poison records written to the topic as it is now: each must be dead-lettered. */
    Set<String> poisonKeysOnTheTopic() {
        return poisonAckedAt.entrySet().stream().filter(entry -> entry.getValue() > topicRecreatedAt)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    /** What each topic loss's republish sent again, and what the publisher had passed before the topic went. */
    List<RepublishWindow> republished() {
        return List.copyOf(republished);
    }

    /**
     * Waits for every fault to end (each is bounded), then makes sure every server and service is up again. Returns
     * one line per service that was not healthy within the start-up timeout: that is a finding for the checker, not a
     * reason to stop the campaign before it has looked at the history.
     */
    List<String> heal(Consumer<String> progress) throws InterruptedException {
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                thread.join(5_000);
                if (thread.isAlive()) {
                    progress.accept("healing: waiting for " + active().stream().map(Fault::describe).toList());
                }
            }
        }
        stack.all().forEach(Signals::resume);
        stack.infrastructure().kafka().start();
        stack.infrastructure().postgres().start();
        refusal.restore();
        for (ServiceProcess service : stack.all()) {
            if (!service.isAlive()) {
                progress.accept("healing: starting " + service.name() + " again");
                service.restart();
            }
        }
        List<String> unhealthy = new ArrayList<>();
        for (ServiceProcess service : stack.all()) {
            try {
                service.awaitHealthy(CampaignStack.STARTUP_TIMEOUT);
            } catch (ServiceFailedException e) {
                progress.accept("healing: " + e.getMessage());
                unhealthy.add(e.getMessage().lines().findFirst().orElse(service.name()));
            }
        }
        return unhealthy;
    }

    private void run(Fault fault, long lastStartMillis) {
        long origin = history.originMillis();
        sleepUntil(origin + fault.atMillis());
        String busy;
        try {
            busy = locks.acquire(fault, origin + lastStartMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (busy != null) {
            long now = System.currentTimeMillis();
            history.add(new FaultRecord(fault, now, now, "skipped: " + busy + " was busy until the end"));
            return;
        }
        long started = System.currentTimeMillis();
        active.put(fault, started);
        String outcome;
        try {
            outcome = perform(fault);
        } catch (Exception | Error e) { // an Error too: a fault thread that died unrecorded would look like no fault
            outcome = "failed: " + e;
        } finally {
            active.remove(fault);
            locks.release(fault);
        }
        history.add(new FaultRecord(fault, started, System.currentTimeMillis(), outcome));
    }

    private String perform(Fault fault) throws Exception {
        return switch (fault.kind()) {
            case KILL -> kill(service(fault.target()), fault.holdMillis());
            case PAUSE -> pause(service(fault.target()), fault.holdMillis());
            case BROKER_RESTART -> {
                stack.infrastructure().kafka().stop();
                Thread.sleep(fault.holdMillis());
                stack.infrastructure().kafka().start();
                yield "down " + fault.holdMillis() + " ms";
            }
            case POSTGRES_RESTART -> {
                stack.infrastructure().postgres().stop();
                Thread.sleep(fault.holdMillis());
                stack.infrastructure().postgres().start();
                yield "down " + fault.holdMillis() + " ms";
            }
            case CONSUMER_DATABASE_OUTAGE -> {
                String database = stack.wiring().thankyouDatabase();
                stack.infrastructure().postgres().refuseConnections(database);
                try {
                    Thread.sleep(fault.holdMillis());
                } finally {
                    stack.infrastructure().postgres().acceptConnections(database);
                }
                yield "database " + database + " refused connections for " + fault.holdMillis() + " ms";
            }
            case CONSUMER_CONNECTION_RESETS -> resetConsumerConnections(fault);
            case HELD_TRANSACTION -> isEventStore() ? holdTransaction(fault) : holdPeerSaleInsert(fault);
            case GAP_STORM -> gapStorm(fault);
            case TOPIC_LOSS -> loseTopic();
            case POISON -> poison(fault);
            case RECORD_REFUSAL -> refusal.perform(fault);
        };
    }

    private String kill(ServiceProcess service, long downMillis) throws InterruptedException {
        Signals.resume(service); // a paused JVM that is killed stays a zombie-free corpse either way
        service.kill();
        Thread.sleep(downMillis);
        long restarted = System.currentTimeMillis();
        service.restart();
        service.awaitHealthy(CampaignStack.STARTUP_TIMEOUT);
        return "down " + downMillis + " ms, healthy " + (System.currentTimeMillis() - restarted) + " ms after restart";
    }

    private String pause(ServiceProcess service, long holdMillis) throws InterruptedException {
        Signals.pause(service);
        try {
            Thread.sleep(holdMillis);
        } finally {
            Signals.resume(service);
        }
        return "paused " + holdMillis + " ms";
    }

    /**
     * Ends every connection thankyou-service holds to its database, every 50 ms for the fault's time, while the
     * server keeps accepting new ones: a failover or a connection pooler's restart as the pool sees it. A write that
     * meets a dead connection fails as an outage and must be retried, never dead-lettered: the poison record's
     * dead letter, written on a fresh connection a moment later, would succeed.
     */
    private String resetConsumerConnections(Fault fault) throws InterruptedException {
        String database = stack.wiring().thankyouDatabase();
        // rounds that found PostgreSQL restarting do not count: the fault lasts holdMillis of a running server
        long rounds = Math.max(1, fault.holdMillis() / RESET_EVERY_MILLIS);
        long deadline = System.currentTimeMillis() + fault.holdMillis() + 30_000;
        int ended = 0;
        int failed = 0;
        for (int done = 0; done < rounds && System.currentTimeMillis() < deadline; ) {
            try (Connection lemonade = salesDatabase();
                 PreparedStatement terminate = lemonade.prepareStatement("""
                         select count(*) filter (where pg_terminate_backend(pid)) from pg_stat_activity
                         where datname = ? and pid <> pg_backend_pid()""")) {
                terminate.setString(1, database);
                try (ResultSet terminated = terminate.executeQuery()) {
                    terminated.next();
                    ended += terminated.getInt(1);
                }
                done++;
            } catch (SQLException serverAway) {
                failed++; // PostgreSQL restarting: the next round tries again
            }
            Thread.sleep(RESET_EVERY_MILLIS);
        }
        return ended + " connections to " + database + " ended in " + rounds + " rounds"
                + (failed == 0 ? "" : " (" + failed + " more found PostgreSQL away)");
    }

    /**
     * A slow append: a LemonadeSold row inserted and left uncommitted, then {@code size} global indexes handed out
     * past it (a storm of rolled-back inserts) while the workload commits more sales after those, then the commit,
     * still inside transaction_timeout. A publisher that gave up the held index as a gap never publishes it.
     */
    private String holdTransaction(Fault fault) throws Exception {
        String saleId = "held-" + Math.abs(settings.seed() % 100_000) + "-" + fault.number();
        long started = System.currentTimeMillis();
        HeldSale held;
        try {
            held = HeldSale.begin(stack.databases(), saleId);
        } catch (SQLException | IllegalStateException e) {
            return "not begun: " + e.getMessage();
        }
        try (held) {
            rollBackInserts(fault.size(), 1, new Random(settings.seed() + fault.number()));
            long passedBy = awaitPublishedPast(held.globalIndex(), started + fault.holdMillis());
            int status;
            String outcome;
            try {
                held.commit();
                status = 201;
                outcome = "committed global index " + held.globalIndex() + " after " + fault.size()
                        + " indexes went past it, open " + (System.currentTimeMillis() - started) + " ms, "
                        + (passedBy > Fault.OVERTAKEN_BY ? "the publisher's token " + passedBy + " past it"
                        : "the publisher's token only " + passedBy + " past it (publishers down or slow)");
            } catch (SQLException e) {
                status = -1;
                outcome = "commit failed (the event store decides whether it is a sale): " + e.getMessage();
            }
            history.add(new Operation(history.nextId(), Kind.HELD_SALE, saleId, "nemesis",
                    new Order(held.customerName(), saleId + "@example.com", held.cups()), null, status, "", outcome,
                    started, System.currentTimeMillis()));
            return outcome;
        }
    }

    /**
     * Waits until every publishing segment's durable token lies more than {@link Fault#OVERTAKEN_BY} indexes past the
     * held one, so that a rule that drops a gap by distance has had its chance, or until the deadline; answers how
     * far past it the token got.
     */
    private long awaitPublishedPast(long held, long deadline) throws SQLException, InterruptedException {
        try (Connection lemonade = salesDatabase()) {
            while (true) {
                long passedBy = Audit.publishedPosition(lemonade).index() - held;
                if (passedBy > Fault.OVERTAKEN_BY || System.currentTimeMillis() >= deadline) {
                    return passedBy;
                }
                Thread.sleep(200);
            }
        }
    }

    private String gapStorm(Fault fault) throws Exception {
        Random random = new Random(settings.seed() + fault.number());
        long pause = fault.holdMillis() / Math.max(1, fault.size());
        int rows = 0;
        for (int i = 0; i < fault.size(); i++) {
            int count = 1 + random.nextInt(50);
            rollBackInserts(count, 1, random);
            rows += count;
            Thread.sleep(pause);
        }
        return fault.size() + " transactions rolled back " + rows + " inserted rows";
    }

    /**
     * Inserts {@code count} rows in one transaction and rolls it back: their global indexes stay gaps for ever. On
     * lemonade-peer the rows go into Modulith's registry, where nothing reads by position.
     */
    private void rollBackInserts(int count, int transactions, Random random) throws SQLException {
        try (Connection connection = salesDatabase()) {
            connection.setAutoCommit(false);
            if (!isEventStore()) {
                try (PreparedStatement insert = connection.prepareStatement("""
                        insert into event_publication (id, listener_id, event_type, serialized_event, publication_date)
                        select gen_random_uuid(), 'gap-storm', 'gap-storm', '{}', now() from generate_series(1, ?)""")) {
                    insert.setInt(1, count);
                    insert.executeUpdate();
                }
                connection.rollback();
                return;
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                        meta_data, payload, payload_revision, payload_type, time_stamp)
                    select 'gap-' || gen_random_uuid(), 0, 'Sale', gen_random_uuid()::text, '\\x7b7d'::bytea,
                        '\\x7b7d'::bytea, '1', ?, now()::text
                    from generate_series(1, ?)""")) {
                insert.setString(1, HeldSale.SOLD);
                insert.setInt(2, count);
                insert.executeUpdate();
            }
            connection.rollback();
        }
    }

    private String loseTopic() throws InterruptedException {
        KafkaTopics kafka = stack.kafka();
        String topic = stack.wiring().topic();
        PublishedPosition publishedBefore = publishedPosition();
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) { // a broker restart may be under way: the topic is lost once the broker is back
            try {
                kafka.deleteTopic(topic);
                break;
            } catch (IllegalStateException brokerAway) {
                if (System.currentTimeMillis() >= deadline || Thread.currentThread().isInterrupted()) {
                    throw brokerAway;
                }
                Thread.sleep(1_000);
            }
        }
        Optional<String> noRepublish = stack.stand().notApplicable(Stand.REPUBLISH);
        // What the lost topic can have held: every event committed before the broker dropped its partitions, a moment
        // after the deletion was accepted. Anything later reaches the new topic through the live publisher alone, so a
        // loss there stays a loss; a republish up to the head of a later moment (the topic made again only after a
        // broker restart, or the republish's own start) would repair it unseen.
        Thread.sleep(DELETION_APPLIED_MILLIS);
        long lostUpTo = noRepublish.isPresent() ? -1 : headGlobalIndex();
        boolean created = false;
        while (!created && System.currentTimeMillis() < deadline) {
            created = kafka.tryCreateTopic(topic, 3);
            if (!created) {
                Thread.sleep(500);
            }
        }
        topicRecreatedAt = System.currentTimeMillis();
        String how = created ? "recreated" : "recreated by a client";
        if (noRepublish.isPresent()) {
            return how + "; republish from 0 not applicable to this stand: " + noRepublish.get();
        }
        if (lostUpTo < 0) {
            return how + ", nothing to republish";
        }
        republished.add(new RepublishWindow(publishedBefore, lostUpTo));
        long until = System.currentTimeMillis() + REPUBLISH_TIMEOUT.toMillis();
        List<String> attempts = new ArrayList<>();
        while (System.currentTimeMillis() < until) {
            for (ServiceProcess app : stack.apps()) {
                Shop shop = stack.shop(app);
                try {
                    if (shop.republish(0, lostUpTo) != 202) {
                        continue;
                    }
                } catch (RuntimeException notAnswering) {
                    continue; // paused, killed or restarting: try the other one
                }
                String result = awaitRepublished(shop, until);
                attempts.add(app.name() + " " + result);
                if (result.equals("DONE")) {
                    return how + ", republished 0.." + lostUpTo + ": " + String.join(", then ", attempts);
                }
            }
            Thread.sleep(1_000);
        }
        return how + ", republish did not finish: " + attempts;
    }

    /** How far the publisher had got; nothing passed when it cannot be read (every refund may then be reordered). */
    private PublishedPosition publishedPosition() {
        if (!isEventStore()) {
            return PublishedPosition.NOTHING;
        }
        try (Connection lemonade = salesDatabase()) {
            return Audit.publishedPosition(lemonade);
        } catch (SQLException | RuntimeException unreadable) {
            return PublishedPosition.NOTHING;
        }
    }

    /** The event store's highest committed global index, -1 when it is empty; waits while PostgreSQL is away. */
    private long headGlobalIndex() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            try (Connection lemonade = salesDatabase();
                 Statement statement = lemonade.createStatement();
                 ResultSet head = statement.executeQuery("select coalesce(max(global_index), -1) from domain_event_entry")) {
                head.next();
                return head.getLong(1);
            } catch (SQLException away) {
                if (System.currentTimeMillis() >= deadline) {
                    throw new IllegalStateException("the event store did not answer for 60 s", away);
                }
                Thread.sleep(1_000);
            }
        }
    }

    /** DONE, FAILED, or LOST when the instance died under it (a restarted instance knows no republish). */
    private static String awaitRepublished(Shop shop, long until) throws InterruptedException {
        int unanswered = 0;
        while (System.currentTimeMillis() < until) {
            try {
                String state = shop.republishState();
                if (!state.equals("RUNNING")) {
                    return state.equals("NONE") ? "LOST" : state;
                }
                unanswered = 0;
            } catch (RuntimeException notAnswering) {
                if (++unanswered >= 15) {
                    return "LOST";
                }
            }
            Thread.sleep(1_000);
        }
        return "still running at the timeout";
    }

    private String poison(Fault fault) {
        KafkaTopics kafka = stack.kafka();
        List<String> sent = new ArrayList<>();
        for (int i = 1; i <= fault.size(); i++) {
            String key = POISON_PREFIX + Math.abs(settings.seed() % 100_000) + "-" + fault.number() + "-" + i;
            RecordHeaders headers = SaleRecords.soldHeaders(UUID.randomUUID().toString(), key);
            byte[] value;
            if (i % 2 == 1) {
                value = new byte[] {(byte) 0xC3, 0x28, 0x00, (byte) 0xFF};
            } else {
                headers.remove("axon-message-type");
                headers.add("axon-message-type", "io.lemonadeoutbox.lemonade.sale.LemonadeSpilled"
                        .getBytes(StandardCharsets.UTF_8));
                value = ("{\"saleId\": \"" + key + "\"}").getBytes(StandardCharsets.UTF_8);
            }
            poisonWritten.add(key);
            kafka.send(new ProducerRecord<>(stack.wiring().topic(), null, key, value, headers));
            poisonAckedAt.put(key, System.currentTimeMillis());
            sent.add(key);
        }
        return "sent " + sent;
    }

    private boolean isEventStore() {
        return stack.stand().name().equals(AxonStand.NAME);
    }

    /**
     * lemonade-peer's nearest equivalent of the held append: one of its own sale transactions held open at its insert
     * for {@code holdMillis}. The nemesis inserts the sale's row first and leaves it uncommitted, so the peer's
     * {@code INSERT ... ON CONFLICT DO NOTHING} waits on it while other sales commit past it (and {@code size}
     * rolled-back inserts go into the registry meanwhile); then the nemesis rolls back and the peer's transaction
     * inserts the sale and its publication and commits. Modulith externalizes it after that commit, as any other.
     */
    private String holdPeerSaleInsert(Fault fault) throws Exception {
        String saleId = "held-" + Math.abs(settings.seed() % 100_000) + "-" + fault.number();
        Random random = new Random(settings.seed() + fault.number());
        ServiceProcess app = stack.apps().get(random.nextInt(stack.apps().size()));
        Order order = new Order("Held " + saleId, saleId + "@example.com", 1 + random.nextInt(20));
        long started = System.currentTimeMillis();
        CompletableFuture<Shop.Answer> answer;
        boolean waited;
        long committedPast;
        try (Connection blocker = salesDatabase()) {
            long salesBefore = count(blocker, "select count(*) from sale");
            blocker.setAutoCommit(false);
            try (PreparedStatement insert = blocker.prepareStatement("""
                    insert into sale (sale_id, customer_name, customer_email, cups, unit_price_cents, total_cents,
                                      currency, sold_at, version)
                    values (?, 'held by the nemesis', ?, 1, 0, 0, 'EUR', now(), 0)""")) {
                insert.setString(1, saleId);
                insert.setString(2, saleId + "@example.com");
                insert.executeUpdate();
            } catch (SQLException e) {
                return "not begun: " + e.getMessage();
            }
            answer = CompletableFuture.supplyAsync(() -> stack.shop(app).trySell(saleId, order.customerName(),
                    order.customerEmail(), order.cups()));
            rollBackInserts(fault.size(), 1, random);
            sleepUntil(started + fault.holdMillis());
            waited = count("select count(*) from pg_stat_activity where datname = current_database()"
                    + " and wait_event_type = 'Lock'") > 0;
            committedPast = count("select count(*) from sale") - salesBefore;
            blocker.rollback();
        }
        Shop.Answer got;
        try {
            got = answer.get(Shop.REQUEST_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            got = new Shop.Answer(saleId, -1, "", "", e); // the registry decides whether it is a sale
        }
        long ended = System.currentTimeMillis();
        String outcome = app.name() + "'s sale insert " + (waited ? "waited" : "was not seen waiting") + " behind an "
                + "uncommitted row of the same sale id for " + (ended - started) + " ms while " + committedPast
                + " other sales committed and " + fault.size() + " registry inserts rolled back; answered "
                + (got.status() > 0 ? String.valueOf(got.status()) : "nothing (" + got.noAnswer() + ")");
        history.add(new Operation(history.nextId(), Kind.HELD_SALE, saleId, app.name(), order, null, got.status(),
                got.contentType(), got.status() / 100 == 2 ? "" : String.valueOf(got.body()), started, ended));
        return outcome;
    }

    /** Counts on a connection of its own, outside any transaction the nemesis holds open. */
    private long count(String sql) throws SQLException {
        try (Connection connection = salesDatabase()) {
            return count(connection, sql);
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql); ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** A new connection to the stand's sales database (the event store for lemonade-app), as the nemesis's own client. */
    private Connection salesDatabase() throws SQLException {
        AuditSources databases = stack.databases();
        return DriverManager.getConnection(databases.lemonadeJdbcUrl(), databases.user(), databases.password());
    }

    private ServiceProcess service(String name) {
        return stack.all().stream().filter(service -> service.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
    }

    private static void sleepUntil(long millis) {
        long wait = millis - System.currentTimeMillis();
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
