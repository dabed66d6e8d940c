package io.lemonadeoutbox.stack.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lemonadeoutbox.stack.LemonadeStackExtension;
import io.lemonadeoutbox.stack.RunningStack;
import io.lemonadeoutbox.testkit.services.ServiceProcess;
import io.lemonadeoutbox.stack.Shop;
import io.lemonadeoutbox.stack.Shop.Answer;
import io.lemonadeoutbox.stack.StackDatabases;
import io.lemonadeoutbox.stack.audit.AuditReport;
import io.lemonadeoutbox.testkit.SalesLoad;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * G1 and G3 across consumer crashes and rebalances: thankyou-service is SIGKILLed after a card's transaction committed
 * and before its offset did (made certain, see below) and restarted, so that record is delivered again; then a second instance joins the consumer group on the same
 * database while sales flow, and the first one stops. Re-delivered records hit the inbox; exactly one card per sale.
 *
 * Negative control, one command: {@code LEMONADE_UNSAFE_SWITCHES=negative-control ./mvnw -pl lemonade-stack -am verify
 * -Dit.test=ThankyouCrashAndRebalanceFaultIT -Dlemonade.fault.thankyou-service-args=--thankyou.unsafe.inbox-accepts-
 * duplicates=true} (see GUARANTEES.md for the full command): with an inbox that takes every event id as new, the re-
 * delivered marker is not recognised as a duplicate and the test fails.
 */
class ThankyouCrashAndRebalanceFaultIT {

    private static final Duration DRAIN = Duration.ofSeconds(150);
    /** A ceiling, not a target: the stream must outlast a second instance's start-up, stopped once it was seen. */
    private static final int MAX_SALES = 2000;

    @RegisterExtension
    static final LemonadeStackExtension STACK = FaultStack.extension();

    @Test
    void aCrashedAndRebalancedConsumerWritesExactlyOneCardPerSale(RunningStack stack) throws Exception {
        Shop shop = stack.shop();
        StackDatabases audit = new StackDatabases(stack);
        ServiceProcess first = stack.thankyouService();
        String run = "rebalance-" + UUID.randomUUID().toString().substring(0, 8);
        int sold;

        try (var sales = new SalesLoad<>(shop::trySell, Answer::created)
                .steady(run, Duration.ofMillis(100), MAX_SALES).start()) {
            await("cards being written").atMost(DRAIN).until(audit::cardCount, cards -> cards >= 15);
            String marker = run + "-marker";
            killBetweenTheCardsCommitAndItsOffsetCommit(stack, shop, audit, first, marker);
            long cardsAtKill = audit.cardCount();
            System.out.println("thankyou-service killed at " + cardsAtKill + " cards, " + audit.inboxCount()
                    + " inbox rows; the marker's offset was never committed");
            first.restart();
            first.awaitHealthy(Duration.ofMinutes(3));
            await("the marker delivered again, and recognised by the inbox").atMost(DRAIN)
                    .until(() -> shop.thankyouCounter(EndToEndIT.DUPLICATES) >= 1);
            await("cards again after the restart").atMost(DRAIN).until(audit::cardCount, cards -> cards > cardsAtKill);

            ServiceProcess second = stack.startAnotherThankyouService();
            second.awaitHealthy(Duration.ofMinutes(3));
            await("the second instance to get partitions").atMost(DRAIN)
                    .until(() -> second.logs().stream().anyMatch(line -> line.contains("partitions assigned: [")
                            && line.contains(stack.wiring().topic())));
            long cardsWithTwo = audit.cardCount();
            await("cards while both instances share the group").atMost(DRAIN)
                    .until(audit::cardCount, cards -> cards >= cardsWithTwo + 10);

            first.stop();
            long cardsWithSecondAlone = audit.cardCount();
            await("cards from the second instance alone").atMost(DRAIN)
                    .until(audit::cardCount, cards -> cards >= cardsWithSecondAlone + 10);
            sales.stop(Shop.REQUEST_TIMEOUT);
            sold = (int) sales.created();
            assertThat(sales.failures()).isEmpty();
        }

        AuditReport report = audit.awaitClean(sold + 1, DRAIN); // the steady stream and the marker
        assertThat(report.deadLetters()).as("a re-delivery is a duplicate, never a dead letter").isZero();
    }

    /**
     * Makes the crash land where a consumer can lose or double its work, for certain: the marker's transaction is held
     * (a trigger sleeps) while the broker is stopped, so the card commits but its offset commit cannot; then SIGKILL.
     * After the restart the marker is delivered again.
     */
    private static void killBetweenTheCardsCommitAndItsOffsetCommit(RunningStack stack, Shop shop,
                                                                    StackDatabases audit, ServiceProcess thankyou,
                                                                    String marker) {
        String database = stack.thankyouJdbcUrl();
        audit.execute(database, """
                create function hold_marker() returns trigger language plpgsql as $$
                begin
                    if new.sale_id = '%s' then
                        perform pg_sleep(5);
                    end if;
                    return new;
                end $$""".formatted(marker));
        audit.execute(database, "create trigger hold_marker before insert on inbox for each row execute function hold_marker()");
        shop.sell(marker);
        await("the marker's transaction held open").atMost(DRAIN).until(() -> audit.longQuery(database,
                "select count(*) from pg_stat_activity where datname = current_database() and wait_event = 'PgSleep'") == 1);
        stack.infrastructure().kafka().stop();
        try {
            await("the marker's card committed").atMost(DRAIN).until(() -> audit.longQuery(database,
                    "select count(*) from card where sale_id = '" + marker + "'") == 1);
            thankyou.kill();
        } finally {
            stack.infrastructure().kafka().start();
            audit.execute(database, "drop trigger hold_marker on inbox");
        }
    }
}
