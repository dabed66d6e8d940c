package io.lemonadeoutbox.stack.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.lemonadeoutbox.stack.audit.AuditReport;
import io.lemonadeoutbox.stack.campaign.Checker.CardRow;
import io.lemonadeoutbox.stack.campaign.Checker.DeadLetter;
import io.lemonadeoutbox.stack.campaign.Checker.StoredSale;
import io.lemonadeoutbox.stack.campaign.Checker.Stores;
import io.lemonadeoutbox.stack.campaign.Operation.Kind;
import io.lemonadeoutbox.stack.campaign.Operation.Order;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each check on a hand-made history: holds on a clean one, and fails on the one violation it is about. */
class CheckerTest {

    private static final AuditReport CLEAN_AUDIT = new AuditReport(2, 2, 1, 3, 3, 1, 0, 0, 0, 0, 0,
            List.of(), List.of(), List.of(), List.of(), List.of());

    private final List<Operation> operations = new ArrayList<>(List.of(
            sale(Kind.SALE, "a", 201, new Order("Ada", "a@example.com", 2)),
            sale(Kind.TWIN_SALE, "b", 201, new Order(" Zoë 🍋 <b>", "b@example.com", 3)),
            sale(Kind.TWIN_SALE, "b", 200, new Order(" Zoë 🍋 <b>", "b@example.com", 3)),
            operation(Kind.REFUND, "a", 200, null, null),
            operation(Kind.SECOND_REFUND, "a", 409, null, null),
            operation(Kind.INVALID, "c", 400, null, "cups-zero")));
    private final Map<String, StoredSale> events = new HashMap<>(Map.of(
            "a", new StoredSale(1, 1), "b", new StoredSale(1, 0)));
    private final Map<String, List<CardRow>> cards = new HashMap<>(Map.of(
            "a", List.of(new CardRow("a", "Ada", "a@example.com", 2, true)),
            "b", List.of(new CardRow("b", "Zoë 🍋 <b>", "b@example.com", 3, false))));
    private final List<DeadLetter> deadLetters = new ArrayList<>(List.of(new DeadLetter("poison-1", "not valid JSON", false)));

    @Test
    void aCleanHistoryPassesEveryCheck() {
        assertThat(failed()).isEmpty();
    }

    @Test
    void aSaleAnsweredButNotStoredIsCaught() {
        events.remove("b");
        assertThat(failed()).contains("every sale answered 201/200 is in the event store, once",
                "no card without a sale, no sale without a request");
    }

    @Test
    void aLostCardIsCaught() {
        cards.remove("b");
        assertThat(failed()).contains("every committed sale has exactly one card");
    }

    @Test
    void aSaleWithNoAnswerButStoredNeedsItsCard() {
        operations.add(sale(Kind.SALE, "d", -1, new Order("Dee", "d@example.com", 1)));
        events.put("d", new StoredSale(1, 0));
        assertThat(failed()).containsExactly("every committed sale has exactly one card");
    }

    @Test
    void aCardThatSaysSomethingElseIsCaught() {
        cards.put("b", List.of(new CardRow("b", "Zo? ? <b>", "b@example.com", 3, false)));
        assertThat(failed()).containsExactly("each card says what was ordered (name, email, cups)");
    }

    @Test
    void anUnreflectedRefundIsCaught() {
        cards.put("a", List.of(new CardRow("a", "Ada", "a@example.com", 2, false)));
        assertThat(failed()).containsExactly(
                "each card's refund state is the event store's (and every answered refund is stored)");
    }

    @Test
    void aSecondRefundThatWasAcceptedIsCaught() {
        operations.add(operation(Kind.SECOND_REFUND, "a", 200, null, null));
        events.put("a", new StoredSale(1, 2));
        assertThat(failed()).contains("a sale is refunded at most once; a second refund is refused and changes nothing");
    }

    @Test
    void aCardWithoutASaleIsCaught() {
        cards.put("z", List.of(new CardRow("z", "Zed", "z@example.com", 1, false)));
        assertThat(failed()).containsExactly("no card without a sale, no sale without a request");
    }

    @Test
    void anInvalidRequestThatWasAcceptedIsCaught() {
        operations.add(operation(Kind.INVALID, "n", 201, null, "nul-in-name"));
        events.put("n", new StoredSale(1, 0));
        assertThat(failed()).contains("every rejected request left nothing");
    }

    @Test
    void anErrorThatIsNotAProblemDetailIsCaught() {
        operations.add(new Operation(99, Kind.INVALID, "h", "lemonade-app", null, "not-json", 500, "text/html",
                "<html>", 0, 0));
        assertThat(failed()).containsExactly("every error answer is an RFC 9457 problem detail",
                "no answer is a 500 (an outage is a 503, a lost race is retried)");
    }

    @Test
    void aServerErrorIsCaughtEvenAsAProblemDetail() {
        operations.add(sale(Kind.TWIN_SALE, "b", 500, new Order(" Zoë 🍋 <b>", "b@example.com", 3)));
        assertThat(failed()).containsExactly("no answer is a 500 (an outage is a 503, a lost race is retried)");
    }

    @Test
    void aDeadLetterThatIsNotPoisonIsCaught() {
        deadLetters.add(new DeadLetter("b", "SaleRefunded x: sale b has no card yet", false));
        assertThat(failed()).containsExactly("dead letters are exactly the poison records");
    }

    @Test
    void aReDeliveryTakenAsNewIsCaught() {
        deadLetters.add(new DeadLetter("b", "sale b already has a card from another event", true));
        assertThat(failed()).containsExactly("dead letters are exactly the poison records",
                "no re-delivery of an applied event was taken as new (dead-lettered after it was applied)");
    }

    @Test
    void poisonThatWasNeverParkedIsCaught() {
        deadLetters.clear();
        assertThat(failed()).containsExactly("dead letters are exactly the poison records");
    }

    @Test
    void aRefundThatReachedTheConsumerBeforeItsSaleIsCaught() {
        Stores stores = new Stores(events, cards, deadLetters, CLEAN_AUDIT, Set.of("a"), Set.of());
        assertThat(failed(stores)).containsExactly(
                "a sale's refund reaches thankyou-service after its sale (but where a topic loss's republish may reorder them)");
    }

    @Test
    void aRefundBeforeItsRepublishedSaleIsExpectedAfterATopicLoss() {
        Stores stores = new Stores(events, cards, deadLetters, CLEAN_AUDIT, Set.of("a"), Set.of("a"));
        assertThat(failed(stores)).isEmpty();
    }

    @Test
    void thePeersRegistryIsNamedAsTheStoreItsChecksReadAndJudgedTheSame() {
        events.remove("b");
        List<String> failed = Checker.check(operations, new Stores(events, cards, deadLetters, CLEAN_AUDIT),
                        List.of("poison-1"), Set.of("poison-1"), new ModulithStand(null).storeName()).stream()
                .filter(check -> !check.holds()).map(Check::rule).toList();
        assertThat(failed).containsExactly("every sale answered 201/200 is in the event publication registry, once",
                "no card without a sale, no sale without a request");
    }

    @Test
    void findingsCountMissingOutOfOrderAndUnreflectedCardsOfCommittedSalesOnly() {
        operations.add(sale(Kind.SALE, "d", 201, new Order("Dee", "d@example.com", 1)));
        operations.add(sale(Kind.SALE, "e", -1, new Order("Eve", "e@example.com", 1)));
        events.put("d", new StoredSale(1, 1));
        cards.put("a", List.of(new CardRow("a", "Ada", "a@example.com", 2, false)));
        Stores stores = new Stores(events, cards, deadLetters, CLEAN_AUDIT, Set.of("b", "never-sold"), Set.of());

        Checker.Findings findings = Checker.findings(operations, stores);

        assertThat(findings.missing()).as("d is committed, e never was").containsExactly("d");
        assertThat(findings.duplicate()).isEmpty();
        assertThat(findings.outOfOrder()).containsExactly("b");
        assertThat(findings.unreflected()).containsExactly("a");
    }

    @Test
    void aFindingCountsUnderTheFaultsActiveWhileItsSaleWasSoldOrJustAfter() {
        List<Operation> sold = List.of(
                new Operation(1, Kind.SALE, "during-kill", "lemonade-app", new Order("A", "a@example.com", 1), null,
                        201, "application/json", "", 10_000, 10_100),
                new Operation(2, Kind.SALE, "before-topic-loss", "lemonade-app", new Order("B", "b@example.com", 1),
                        null, 201, "application/json", "", 20_000, 20_050),
                new Operation(3, Kind.SALE, "quiet", "lemonade-app", new Order("C", "c@example.com", 1), null, 201,
                        "application/json", "", 40_000, 40_050));
        List<FaultRecord> faults = List.of(
                new FaultRecord(fault(1, Fault.Kind.KILL), 9_000, 12_000, "down"),
                new FaultRecord(fault(2, Fault.Kind.TOPIC_LOSS), 24_000, 24_500, "recreated"),
                new FaultRecord(fault(3, Fault.Kind.POISON), 39_000, 39_100, "sent"),
                new FaultRecord(fault(4, Fault.Kind.PAUSE), 40_000, 41_000,
                        "skipped: lemonade-app was busy until the end"));
        Checker.Findings findings = new Checker.Findings(List.of("during-kill", "before-topic-loss", "quiet"),
                List.of(), List.of("during-kill"), List.of());

        var rows = FaultAttribution.byFaultKind(sold, faults, findings, CampaignSettings.allFaults());

        assertThat(rows.get("kill")).isEqualTo(new FaultAttribution.Counts(1, 0, 1, 0));
        assertThat(rows.get("topic-loss")).as("began 4 s after the answer").isEqualTo(new FaultAttribution.Counts(1, 0, 0, 0));
        assertThat(rows.get("poison")).isEqualTo(FaultAttribution.Counts.ZERO);
        assertThat(rows.get("pause")).as("a skipped fault did nothing").isEqualTo(FaultAttribution.Counts.ZERO);
        assertThat(rows.get(FaultAttribution.NONE)).isEqualTo(new FaultAttribution.Counts(1, 0, 0, 0));
        assertThat(rows.get(FaultAttribution.TOTAL)).isEqualTo(new FaultAttribution.Counts(3, 0, 1, 0));
    }

    private static Fault fault(int number, Fault.Kind kind) {
        return new Fault(number, kind, "", 0, 0, 0, List.of());
    }

    private List<String> failed() {
        return failed(new Stores(events, cards, deadLetters, CLEAN_AUDIT));
    }

    private List<String> failed(Stores stores) {
        return Checker.check(operations, stores, List.of("poison-1"), Set.of("poison-1")).stream()
                .filter(check -> !check.holds()).map(Check::rule).toList();
    }

    private static Operation sale(Kind kind, String saleId, int status, Order order) {
        return operation(kind, saleId, status, order, null);
    }

    private static Operation operation(Kind kind, String saleId, int status, Order order, String variant) {
        return new Operation(saleId.hashCode(), kind, saleId, "lemonade-app", order, variant, status,
                status >= 400 ? "application/problem+json" : "application/json", "", 0, 0);
    }
}
