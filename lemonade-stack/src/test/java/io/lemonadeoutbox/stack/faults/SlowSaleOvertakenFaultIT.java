package io.lemonadeoutbox.stack.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lemonadeoutbox.stack.HeldSale;
import io.lemonadeoutbox.stack.LemonadeStackExtension;
import io.lemonadeoutbox.stack.RunningStack;
import io.lemonadeoutbox.stack.Shop;
import io.lemonadeoutbox.stack.SoldRows;
import io.lemonadeoutbox.stack.StackDatabases;
import io.lemonadeoutbox.stack.StackDatabases.SegmentToken;
import io.lemonadeoutbox.stack.endtoend.FaultStack;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 10, hole 1 (G1, pitfall 2): a sale whose append transaction is slow, but well inside PostgreSQL's
 * transaction_timeout (30 s), while more than 10,000 later events commit and are published past it. Axon's default
 * {@code maxGapOffset} (10,000) gives its gap up by distance, whatever its age, and the sale is never published.
 * lemonade-app builds the event store without that rule, so the gap must still be in the token when the held
 * transaction commits, and the sale must get its card.
 * <p>
 * Fails with Axon's rules: {@code -Dlemonade.fault.lemonade-app-args=--lemonade.unsafe.axon-default-gap-rules=true}
 * ("the held index still a gap in every token").
 */
class SlowSaleOvertakenFaultIT {

    private static final int OVERTAKING = 10_200;
    private static final int PER_TRANSACTION = 300;
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration COMMIT_BEFORE = TRANSACTION_TIMEOUT.minusSeconds(4);

    @RegisterExtension
    static final LemonadeStackExtension STACK = FaultStack.extension();

    @Test
    void aSaleOvertakenByMoreThanTenThousandCommitsIsStillPublished(RunningStack stack) throws Exception {
        Shop shop = stack.shop();
        StackDatabases data = new StackDatabases(stack);
        String run = "overtaken-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(shop.trySell(run + "-first").created()).isTrue();
        await("the first sale carded").atMost(Duration.ofSeconds(60)).until(() -> shop.card(run + "-first").isPresent());

        long held;
        Instant heldSince = Instant.now();
        try (HeldSale slow = HeldSale.begin(data.sources(), run + "-slow");
             Connection writer = data.lemonadeConnection()) {
            held = slow.globalIndex();
            SoldRows.copiedFrom(writer).insertCommitted(writer, run + "-after", OVERTAKING, PER_TRANSACTION);
            System.out.printf("held index %d; %d sales committed after it in %d ms%n", held, OVERTAKING,
                    Duration.between(heldSince, Instant.now()).toMillis());

            Duration left = COMMIT_BEFORE.minus(slow.transactionAge().orElseThrow());
            await("the publisher's token more than 10,000 indexes past the held one, inside transaction_timeout")
                    .atMost(left.isNegative() ? Duration.ZERO : left)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> data.publishingTokens().stream().allMatch(token -> token.index() > held + 10_000));
            List<SegmentToken> tokens = data.publishingTokens();
            Duration age = slow.transactionAge().orElseThrow();
            System.out.printf("held transaction %d ms old; tokens %s%n", age.toMillis(),
                    tokens.stream().map(token -> "segment " + token.segment() + " at " + token.index() + " with "
                            + token.gaps().size() + " gaps").toList());
            assertThat(tokens).as("the held index still a gap in every token")
                    .allMatch(token -> token.gaps().contains(held));
            assertThat(age).as("the held transaction is inside transaction_timeout").isLessThan(TRANSACTION_TIMEOUT);
            slow.commit();
        }

        await("a card for the sale overtaken while its transaction was open").atMost(Duration.ofSeconds(60))
                .until(() -> shop.card(run + "-slow").isPresent());
        data.awaitCleanAudit(Duration.ofSeconds(90));
        Map<String, Integer> cards = data.cardsBySale();
        assertThat(cards).containsKey(run + "-slow");
        assertThat(cards.values()).as("cards per sale").containsOnly(1);
        assertThat(cards).hasSize(OVERTAKING + 2);
    }
}
