package io.lemonadeoutbox.stack.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.lemonadeoutbox.stack.audit.StoredEvent.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AuditComparisonTest {

    private static final PublishedPosition NONE = PublishedPosition.NOTHING;

    @Test
    void everySaleWithOneCardAndEveryEventReceivedIsClean() {
        List<StoredEvent> events = List.of(sold(0, "s1"), sold(1, "s2"), refunded(2, "s2"));

        AuditReport report = AuditComparison.compare(events, new PublishedPosition(2, Set.of()),
                List.of(new CardRow("s1", false), new CardRow("s2", true)), Set.of("e0", "e1", "e2"), 0);

        assertThat(report.clean()).isTrue();
        assertThat(report.sales()).isEqualTo(2);
        assertThat(report.cards()).isEqualTo(2);
        assertThat(report.refunds()).isEqualTo(1);
        assertThat(report.describe()).startsWith("lemonade-outbox audit: CLEAN");
    }

    @Test
    void aSaleWithoutACardIsMissing() {
        AuditReport report = AuditComparison.compare(List.of(sold(0, "s1"), sold(1, "s2")), NONE,
                List.of(new CardRow("s1", false)), Set.of(), 0);

        assertThat(report.missingCards()).isEqualTo(1);
        assertThat(report.missingCardSaleIds()).containsExactly("s2");
        assertThat(report.clean()).isFalse();
        assertThat(report.describe()).contains("NOT CLEAN").containsPattern("missing cards.*1  s2");
    }

    @Test
    void twoCardRowsForOneSaleAreADuplicate() {
        AuditReport report = AuditComparison.compare(List.of(sold(0, "s1")), NONE,
                List.of(new CardRow("s1", false), new CardRow("s1", false)), Set.of(), 0);

        assertThat(report.duplicateCards()).isEqualTo(1);
        assertThat(report.duplicateCardSaleIds()).containsExactly("s1");
        assertThat(report.missingCards()).isZero();
        assertThat(report.clean()).isFalse();
    }

    @Test
    void aCardWhoseSaleIsNotInTheEventStoreIsAnOrphan() {
        AuditReport report = AuditComparison.compare(List.of(sold(0, "s1")), NONE,
                List.of(new CardRow("s1", false), new CardRow("ghost", false)), Set.of(), 0);

        assertThat(report.orphanCards()).isEqualTo(1);
        assertThat(report.orphanCardSaleIds()).containsExactly("ghost");
        assertThat(report.clean()).isFalse();
    }

    @Test
    void aRefundWhoseCardIsNotRefundedIsNotReflected() {
        AuditReport report = AuditComparison.compare(List.of(sold(0, "s1"), refunded(1, "s1")), NONE,
                List.of(new CardRow("s1", false)), Set.of(), 0);

        assertThat(report.refundsNotReflected()).isEqualTo(1);
        assertThat(report.unreflectedRefundSaleIds()).containsExactly("s1");
        assertThat(report.clean()).isFalse();
    }

    @Test
    void anEventPassedByTheTokenButNotInTheInboxIsUnpublished() {
        List<StoredEvent> events = List.of(sold(0, "s1"), sold(1, "s2"), sold(2, "s3"), sold(3, "s4"));
        // token at 2 with a gap at 1: e0 and e2 were passed, e1 is still awaited, e3 is ahead of the token
        AuditReport report = AuditComparison.compare(events, new PublishedPosition(2, Set.of(1L)),
                cardsFor("s1", "s2", "s3", "s4"), Set.of("e0"), 0);

        assertThat(report.unpublishedBelowToken()).isEqualTo(1);
        assertThat(report.unpublishedEventIds()).containsExactly("e2");
    }

    @Test
    void nothingCountsAsPassedBeforeTheFirstTokenCommit() {
        AuditReport report = AuditComparison.compare(List.of(sold(0, "s1")), NONE, cardsFor("s1"), Set.of(), 0);

        assertThat(report.unpublishedBelowToken()).isZero();
        assertThat(report.publishedUpTo()).isEqualTo(-1);
    }

    @Test
    void deadLettersAreShownButDoNotMakeItUncleanByThemselves() {
        AuditReport report = AuditComparison.compare(List.of(sold(0, "s1")), NONE, cardsFor("s1"), Set.of(), 3);

        assertThat(report.clean()).isTrue();
        assertThat(report.deadLetters()).isEqualTo(3);
        assertThat(report.describe()).contains("3 dead letters");
    }

    @Test
    void listsOnlyTheFirstTwentyOffendersButCountsThemAll() {
        List<StoredEvent> events = new ArrayList<>();
        IntStream.range(0, 25).forEach(i -> events.add(sold(i, "s" + i)));

        AuditReport report = AuditComparison.compare(events, NONE, List.of(), Set.of(), 0);

        assertThat(report.missingCards()).isEqualTo(25);
        assertThat(report.missingCardSaleIds()).hasSize(AuditReport.LISTED).startsWith("s0", "s1");
        assertThat(report.describe()).contains("s19, ...");
    }

    @Test
    void eventTypesAreRecognisedByTheirClassName() {
        assertThat(StoredEvent.kindOf("io.lemonadeoutbox.lemonade.sale.LemonadeSold")).isEqualTo(Kind.SOLD);
        assertThat(StoredEvent.kindOf("io.lemonadeoutbox.lemonade.sale.SaleRefunded")).isEqualTo(Kind.REFUNDED);
        assertThat(StoredEvent.kindOf("io.lemonadeoutbox.lemonade.sale.SomethingElse")).isEqualTo(Kind.OTHER);
    }

    @Test
    void segmentTokensCombineToTheLowestIndexAndAllGaps() {
        PublishedPosition position = PublishedPosition.fromSegmentTokens(List.of(
                utf8("{\"index\":10,\"gaps\":[4]}"), utf8("{\"index\":7,\"gaps\":[5,6]}")));

        assertThat(position.index()).isEqualTo(7);
        assertThat(position.gaps()).containsExactlyInAnyOrder(4L, 5L, 6L);
        assertThat(position.passed(3)).isTrue();
        assertThat(position.passed(5)).isFalse();
        assertThat(position.passed(8)).isFalse();
    }

    @Test
    void aReplayTokenIsReadThroughItsCurrentToken() {
        PublishedPosition position = PublishedPosition.fromSegmentTokens(List.of(utf8(
                "{\"tokenAtReset\":{\"index\":9,\"gaps\":[]},\"currentToken\":{\"index\":4,\"gaps\":[2]}}")));

        assertThat(position).isEqualTo(new PublishedPosition(4, Set.of(2L)));
    }

    @Test
    void aSegmentWithoutATokenMeansNothingIsKnownToBePassed() {
        assertThat(PublishedPosition.fromSegmentTokens(Arrays.asList(utf8("{\"index\":10,\"gaps\":[]}"), null)))
                .isEqualTo(PublishedPosition.NOTHING);
    }

    private static StoredEvent sold(long index, String saleId) {
        return new StoredEvent(index, "e" + index, Kind.SOLD, saleId);
    }

    private static StoredEvent refunded(long index, String saleId) {
        return new StoredEvent(index, "e" + index, Kind.REFUNDED, saleId);
    }

    private static List<CardRow> cardsFor(String... saleIds) {
        return Arrays.stream(saleIds).map(sale -> new CardRow(sale, false)).toList();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
