package io.lemonadeoutbox.stack.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lemonadeoutbox.stack.HeldSale;
import io.lemonadeoutbox.stack.LemonadeStackExtension;
import io.lemonadeoutbox.stack.RunningStack;
import io.lemonadeoutbox.stack.Shop;
import io.lemonadeoutbox.stack.Shop.Answer;
import io.lemonadeoutbox.stack.StackDatabases;
import io.lemonadeoutbox.stack.StackDatabases.SegmentToken;
import io.lemonadeoutbox.stack.audit.AuditReport;
import io.lemonadeoutbox.testkit.SalesLoad;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Global indexes are handed out at insert and become visible at commit, so they commit out of order; the publisher
 * keeps the missing ones as gaps and waits for them, but only for its gap timeout (pitfall 2, AxonFramework issue
 * 4829). PostgreSQL's transaction_timeout (30 s; lemonade-app's PublishingSettingsCheck refuses to start unless the
 * 75 s gap timeout is at least twice it plus twice the clock-skew margin) ends every transaction that could commit
 * too late.
 * <p>
 * The last test switches to Axon's own gap rules ({@code lemonade.unsafe.axon-default-gap-rules}, no start-up check)
 * and shows the loss the check prevents, so the class runs in order.
 */
@ExtendWith(LemonadeStackExtension.class)
@TestMethodOrder(OrderAnnotation.class)
class OutOfOrderCommitsFaultIT {

    private static final int WRITERS = 16;
    private static final Duration LATE_BUT_IN_TIME = Duration.ofSeconds(20);

    @Test
    @Order(1)
    void outOfOrderAndLateCommitsArePublishedAndTooLateOnesAreAbortedByPostgres(RunningStack stack) throws Exception {
        Shop shop = stack.shop();
        StackDatabases data = new StackDatabases(stack);
        String run = "ooo-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(shop.trySell(run + "-first").created()).isTrue();

        try (CommitOrderWatcher watcher = new CommitOrderWatcher(data).start();
             HeldSale tooLate = HeldSale.begin(data.sources(), run + "-too-late");
             HeldSale late = HeldSale.begin(data.sources(), run + "-late")) {
            var load = new SalesLoad<>(shop::trySell, Answer::created).concurrent(run, WRITERS, 20 * WRITERS).start();
            await("the late transaction " + LATE_BUT_IN_TIME.toSeconds() + " s old")
                    .atMost(LATE_BUT_IN_TIME.plusSeconds(10))
                    .until(() -> late.transactionAge().orElseThrow().compareTo(LATE_BUT_IN_TIME) >= 0);
            late.commit();
            List<Answer> answers = load.finish();
            assertThat(answers).as("every concurrent POST").allMatch(Answer::created, "201 Created");

            await("PostgreSQL ending the transaction that is still open after transaction_timeout")
                    .atMost(Duration.ofSeconds(60))
                    .until(tooLate::sessionEnded);
            assertThatThrownBy(tooLate::commit).isInstanceOf(SQLException.class);

            await("the late commit visible").atMost(Duration.ofSeconds(10)).until(() -> watcher.sees(late.globalIndex()));
            await("the publisher's token carrying both held indexes as gaps").atMost(Duration.ofSeconds(60))
                    .until(() -> watcher.tokenGaps().containsAll(List.of(late.globalIndex(), tooLate.globalIndex())));
            List<Long> committedLate = watcher.committedLate();
            List<Long> writersLate = committedLate.stream().filter(index -> index != late.globalIndex()).toList();
            System.out.printf("held indexes %d (late) and %d (too late); %d commits out of order among %d writers "
                    + "(%s...); token gaps seen %s%n", late.globalIndex(), tooLate.globalIndex(), writersLate.size(),
                    WRITERS, writersLate.stream().limit(10).toList(), watcher.tokenGaps());
            assertThat(committedLate).as("indexes that committed after a higher one").contains(late.globalIndex());
            assertThat(writersLate).as("out-of-order commits among the concurrent POSTs").isNotEmpty();
            assertThat(watcher.sees(tooLate.globalIndex())).as("the aborted event is visible").isFalse();

            // The late one is published from the token's gap, the aborted one never existed.
            await("a card for the sale committed 20 s late").atMost(Duration.ofSeconds(60))
                    .until(() -> shop.card(late.saleId()).isPresent());
            data.awaitCleanAudit(Duration.ofSeconds(120));
            assertThat(data.eventTypesBySale()).doesNotContainKey(tooLate.saleId());
            assertThat(shop.card(tooLate.saleId())).isEmpty();

            Map<String, List<String>> events = data.eventTypesBySale();
            Map<String, Integer> cards = data.cardsBySale();
            assertThat(cards.keySet()).as("sales with a card").isEqualTo(events.keySet());
            assertThat(cards.values()).as("cards per sale").containsOnly(1);
        }
    }

    /**
     * The same late commit without the start-up check: transaction_timeout 0 on this database, a 3 s gap timeout
     * and Axon's own gap rules. Once the publisher's token has let go of the gap, the commit succeeds and the event is never published;
     * the audit reports it and a republish from its index repairs it.
     */
    @Test
    @Order(2)
    void withAxonsGapRulesAnEventCommittedAfterTheGapTimeoutIsNeverPublished(RunningStack stack) throws Exception {
        StackDatabases data = new StackDatabases(stack);
        try (Connection lemonade = data.lemonadeConnection(); Statement sql = lemonade.createStatement()) {
            sql.execute("alter database " + stack.wiring().lemonadeDatabase() + " set transaction_timeout = 0");
        }
        stack.restartLemonadeApp(List.of("--lemonade.publishing.gap-timeout=3s",
                "--lemonade.unsafe.axon-default-gap-rules=true"));
        Shop shop = stack.shop();
        String run = "unguarded-" + UUID.randomUUID().toString().substring(0, 8);
        int[] sold = {0};

        try (HeldSale held = HeldSale.begin(data.sources(), run + "-held")) {
            // Axon cleans a token's gaps only once it holds more than 250 (gapCleaningThreshold); rolled-back
            // transactions leave gaps too, and a busy store always has some.
            rollBackInserts(data, 251);
            assertThat(shop.trySell(run + "-" + ++sold[0]).created()).isTrue();

            await("the publisher's token letting go of the held index after the gap timeout")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        assertThat(shop.trySell(run + "-" + ++sold[0]).created()).isTrue();
                        List<SegmentToken> tokens = data.publishingTokens();
                        return tokens.stream().allMatch(token -> token.index() > held.globalIndex()
                                && !token.gaps().contains(held.globalIndex()));
                    });
            held.commit();
        }
        String after = run + "-" + ++sold[0];
        assertThat(shop.trySell(after).created()).isTrue();
        await("the card of a sale after the late commit").atMost(Duration.ofSeconds(60))
                .until(() -> shop.card(after).isPresent());

        AuditReport report = data.audit();
        System.out.print(report.describe());
        assertThat(report.clean()).as("audit after a commit later than the gap timeout").isFalse();
        assertThat(report.missingCardSaleIds()).containsExactly(run + "-held");
        assertThat(report.unpublishedBelowToken()).isEqualTo(1);
        assertThat(shop.card(run + "-held")).isEmpty();

        // What the audit is for: republishing from the lost event's index repairs it (the inbox drops the rest).
        long lostIndex = data.eventIndexOf(run + "-held");
        assertThat(shop.republish(lostIndex)).isEqualTo(202);
        await("the republish done").atMost(Duration.ofSeconds(60)).until(() -> shop.republishState().equals("DONE"));
        data.awaitCleanAudit(Duration.ofSeconds(60));
    }

    /** Sequence values taken by inserts that roll back are never used: gaps for ever. */
    private static void rollBackInserts(StackDatabases data, int count) throws SQLException {
        try (Connection lemonade = data.lemonadeConnection(); Statement sql = lemonade.createStatement()) {
            lemonade.setAutoCommit(false);
            sql.execute("""
                    insert into domain_event_entry (aggregate_identifier, sequence_number, event_identifier, payload,
                        payload_type, time_stamp)
                    select 'rolled-back-' || n, 0, gen_random_uuid()::text, '\\x7b7d'::bytea, 'RolledBack', now()::text
                    from generate_series(1, %d) n""".formatted(count));
            lemonade.rollback();
        }
    }
}
