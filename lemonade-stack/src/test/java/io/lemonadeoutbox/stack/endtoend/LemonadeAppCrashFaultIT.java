package io.lemonadeoutbox.stack.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lemonadeoutbox.stack.RunningStack;
import io.lemonadeoutbox.stack.audit.Audit;
import io.lemonadeoutbox.stack.audit.AuditReport;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * G1 and G3 across a publisher crash between Kafka's acknowledgement and the token commit. The window is made
 * certain, not hoped for: the test holds the publishing token's row lock while a backlog of sales is appended, so the
 * processor publishes (Kafka acks) and then waits to store its token; lemonade-app is SIGKILLed right then, mid-drain
 * with the whole backlog still to publish. After the restart
 * the same events are sent again: the topic carries duplicates, yet every sale has exactly one card.
 */
class LemonadeAppCrashFaultIT {

    private static final int BACKLOG = 120;
    private static final Duration DRAIN = Duration.ofSeconds(150);
    private static RunningStack stack;

    @BeforeAll
    static void startStack() {
        stack = FaultStack.start();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void eventsAckedButNotCommittedAreSentAgainAndMakeNoSecondCard() throws Exception {
        Shopfront shop = new Shopfront(stack);
        StackAudit audit = new StackAudit(stack);
        SalesTopic topic = new SalesTopic(stack.infrastructure().kafka().bootstrapServers());
        String run = "crash-" + UUID.randomUUID().toString().substring(0, 8);

        IntStream.rangeClosed(1, 5).forEach(n -> shop.sell(run + "-warm-" + n));
        await("the publisher's token row").atMost(DRAIN).until(() -> audit.tokenIndex() >= 1);

        ExecutorService sellers = Executors.newFixedThreadPool(8);
        long recordsBeforeKill;
        try (Connection holder = DriverManager.getConnection(stack.lemonadeJdbcUrl(),
                audit.sources().user(), audit.sources().password())) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement(
                    "select 1 from token_entry where processor_name = ? for update")) {
                lock.setString(1, Audit.PUBLISHING_PROCESSOR);
                lock.executeQuery().close();
            }
            long committed = audit.tokenIndex();
            // The backlog is appended while the publisher is stuck storing its token after its first send. Both
            // transactions must end within PostgreSQL's transaction_timeout (30 s), hence the bounds.
            List<Future<?>> posts = IntStream.rangeClosed(1, BACKLOG)
                    .mapToObj(n -> sellers.submit(() -> shop.sell(run + "-" + n))).collect(Collectors.toList());
            await("the backlog appended").atMost(Duration.ofSeconds(20))
                    .until(() -> posts.stream().allMatch(Future::isDone));
            await("records acked past the committed token").atMost(Duration.ofSeconds(5))
                    .until(() -> topic.endOffsetSum(stack.wiring().topic()) > audit.eventsUpTo(committed));
            recordsBeforeKill = topic.endOffsetSum(stack.wiring().topic());
            stack.lemonadeApp().kill();
            holder.rollback();
        } finally {
            sellers.shutdownNow();
        }

        stack.lemonadeApp().restart();
        stack.lemonadeApp().awaitHealthy(Duration.ofMinutes(3));
        int sold = (int) audit.soldCount();
        System.out.println(sold + " sales sold, " + recordsBeforeKill + " records on the topic at the kill");

        AuditReport report = audit.awaitClean(sold, DRAIN);
        assertThat(report.deadLetters()).as("a re-sent event is a duplicate, never a dead letter").isZero();
        Map<String, Long> copiesPerEvent = topic.readAll(stack.wiring().topic()).stream()
                .collect(Collectors.groupingBy(record -> SalesTopic.text(record, SalesTopic.EVENT_ID),
                        Collectors.counting()));
        long resent = copiesPerEvent.values().stream().filter(copies -> copies > 1).count();
        System.out.println(resent + " events are on the topic more than once after the restart");
        assertThat(resent).as("events sent again after the crash").isPositive();
        assertThat(copiesPerEvent).hasSize((int) audit.eventCount());
        assertThat(shop.thankyouCounter(EndToEndIT.DUPLICATES)).isGreaterThanOrEqualTo(resent);
    }

    private static long eventsUpTo(StackAudit audit, long globalIndex) {
        return audit.eventsUpTo(globalIndex);
    }
}
