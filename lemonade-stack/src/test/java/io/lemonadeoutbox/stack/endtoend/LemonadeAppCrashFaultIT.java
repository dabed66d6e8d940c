package io.lemonadeoutbox.stack.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lemonadeoutbox.stack.LemonadeStackExtension;
import io.lemonadeoutbox.stack.RunningStack;
import io.lemonadeoutbox.stack.Shop;
import io.lemonadeoutbox.stack.StackDatabases;
import io.lemonadeoutbox.stack.audit.AuditReport;
import io.lemonadeoutbox.testkit.KafkaTopics;
import io.lemonadeoutbox.testkit.SaleRecords;
import io.lemonadeoutbox.testkit.TopicReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * G1 and G3 across a publisher crash between Kafka's acknowledgement and the token commit. The window is made
 * certain, not hoped for: a deferred trigger on token_entry (installed by the test) makes the publisher's commit wait
 * on a lock the test holds while a backlog of sales is appended, so the processor publishes (Kafka acks) and then
 * waits to commit its token; lemonade-app is SIGKILLed right then, mid-drain with the backlog still to publish. After the restart
 * the same events are sent again: the topic carries duplicates, yet every sale has exactly one card.
 *
 * Negative control, one command: {@code LEMONADE_UNSAFE_SWITCHES=negative-control ./mvnw -pl lemonade-stack -am verify
 * -Dit.test=LemonadeAppCrashFaultIT -Dlemonade.fault.thankyou-service-args=--thankyou.unsafe.inbox-accepts-
 * duplicates=true} (see GUARANTEES.md for the full command): with an inbox that takes every event id as new, the re-
 * sent events are refused by the card's unique sale id and dead-lettered, and the test fails.
 */
class LemonadeAppCrashFaultIT {

    private static final int BACKLOG = 120;
    private static final long COMMIT_GATE = 4242_0001L;
    private static final Duration DRAIN = Duration.ofSeconds(150);

    @RegisterExtension
    static final LemonadeStackExtension STACK = FaultStack.extension();

    @Test
    void eventsAckedButNotCommittedAreSentAgainAndMakeNoSecondCard(RunningStack stack) throws Exception {
        Shop shop = stack.shop();
        StackDatabases audit = new StackDatabases(stack);
        KafkaTopics topic = new KafkaTopics(stack.infrastructure().kafka().bootstrapServers());
        String run = "crash-" + UUID.randomUUID().toString().substring(0, 8);

        IntStream.rangeClosed(1, 5).forEach(n -> shop.sell(run + "-warm-" + n));
        await("the publisher's token row").atMost(DRAIN).until(() -> audit.tokenIndex() >= 1);

        // A deferred constraint trigger runs at commit time, after the publisher waited for Kafka's ack: while the
        // test holds the advisory lock, the publisher's token commit waits there with its records already acked.
        audit.execute(stack.lemonadeJdbcUrl(), """
                create function hold_token_commit() returns trigger language plpgsql as $$
                begin
                    perform pg_advisory_xact_lock_shared(%d);
                    return null;
                end $$""".formatted(COMMIT_GATE));
        audit.execute(stack.lemonadeJdbcUrl(), """
                create constraint trigger hold_token_commit after update on token_entry
                deferrable initially deferred for each row execute function hold_token_commit()""");

        ExecutorService sellers = Executors.newFixedThreadPool(8);
        long recordsBeforeKill;
        try (Connection gate = DriverManager.getConnection(stack.lemonadeJdbcUrl(),
                audit.sources().user(), audit.sources().password());
             Statement statement = gate.createStatement()) {
            statement.execute("select pg_advisory_lock(" + COMMIT_GATE + ")");
            long committed = audit.tokenIndex();
            // The publisher's blocked transaction must end within PostgreSQL's transaction_timeout (30 s): bounded.
            List<Future<?>> posts = IntStream.rangeClosed(1, BACKLOG)
                    .mapToObj(n -> sellers.submit(() -> shop.sell(run + "-" + n))).collect(Collectors.toList());
            await("the backlog appended").atMost(Duration.ofSeconds(20))
                    .until(() -> posts.stream().allMatch(Future::isDone));
            await("records acked past the committed token").atMost(Duration.ofSeconds(5))
                    .until(() -> topic.endOffsetSum(stack.wiring().topic()) > audit.eventsUpTo(committed));
            recordsBeforeKill = topic.endOffsetSum(stack.wiring().topic());
            stack.lemonadeApp().kill();
            // The dead process had already asked to commit; its orphaned backend would finish that commit once the
            // gate opens. End it first, as if the process had died a moment before sending COMMIT.
            try (ResultSet ended = statement.executeQuery("""
                    select count(pg_terminate_backend(pid)) from pg_stat_activity
                    where datname = current_database() and pid <> pg_backend_pid() and wait_event = 'advisory'""")) {
                ended.next();
                assertThat(ended.getInt(1)).as("publisher transactions waiting at the gate").isPositive();
            }
            statement.execute("select pg_advisory_unlock(" + COMMIT_GATE + ")");
        } finally {
            sellers.shutdownNow();
        }
        audit.execute(stack.lemonadeJdbcUrl(), "drop trigger hold_token_commit on token_entry");

        stack.lemonadeApp().restart();
        stack.lemonadeApp().awaitHealthy(Duration.ofMinutes(3));
        int sold = (int) audit.soldCount();
        System.out.println(sold + " sales sold, " + recordsBeforeKill + " records on the topic at the kill");

        AuditReport report = audit.awaitClean(sold, DRAIN);
        assertThat(report.deadLetters()).as("a re-sent event is a duplicate, never a dead letter").isZero();
        Map<String, Long> copiesPerEvent = TopicReader.readAll(stack.infrastructure().kafka().bootstrapServers(),
                stack.wiring().topic()).stream()
                .collect(Collectors.groupingBy(record -> TopicReader.header(record, SaleRecords.EVENT_ID),
                        Collectors.counting()));
        long resent = copiesPerEvent.values().stream().filter(copies -> copies > 1).count();
        System.out.println(resent + " events are on the topic more than once after the restart");
        assertThat(resent).as("events sent again after the crash").isPositive();
        assertThat(copiesPerEvent).hasSize((int) audit.eventCount());
        assertThat(shop.thankyouCounter(EndToEndIT.DUPLICATES)).isGreaterThanOrEqualTo(resent);
    }
}
