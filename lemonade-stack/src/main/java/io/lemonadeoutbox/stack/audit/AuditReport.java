package io.lemonadeoutbox.stack.audit;

import java.util.List;

/**
 * Sales in the event store against cards in the thank-you database. Each {@code *Ids} list holds the first
 * {@link #LISTED} offenders of its count. {@code deadLetters} (records parked on the dead-letter topic) is shown but
 * does not make a report unclean by itself: a parked sale also shows up as a missing card.
 */
public record AuditReport(int sales, int cards, int refunds, int events, long publishedUpTo, int deadLetters,
                          int missingCards, int duplicateCards, int orphanCards, int refundsNotReflected,
                          int unpublishedBelowToken,
                          List<String> missingCardSaleIds, List<String> duplicateCardSaleIds,
                          List<String> orphanCardSaleIds, List<String> unreflectedRefundSaleIds,
                          List<String> unpublishedEventIds) {

    public static final int LISTED = 20;

    public AuditReport {
        missingCardSaleIds = first(missingCardSaleIds);
        duplicateCardSaleIds = first(duplicateCardSaleIds);
        orphanCardSaleIds = first(orphanCardSaleIds);
        unreflectedRefundSaleIds = first(unreflectedRefundSaleIds);
        unpublishedEventIds = first(unpublishedEventIds);
    }

    public boolean clean() {
        return missingCards == 0 && duplicateCards == 0 && orphanCards == 0 && refundsNotReflected == 0
                && unpublishedBelowToken == 0;
    }

    /** The report as a person reads it. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append("lemonade-outbox audit: ").append(clean() ? "CLEAN" : "NOT CLEAN").append('\n');
        text.append("  event store   ").append(sales).append(" sales, ").append(refunds).append(" refunds, ")
                .append(events).append(" events, published up to global index ").append(publishedUpTo).append('\n');
        text.append("  thank-you db  ").append(cards).append(" cards, ").append(deadLetters)
                .append(" dead letters\n");
        line(text, "missing cards (sale without a card)", missingCards, missingCardSaleIds);
        line(text, "duplicate cards (sale with more than one card)", duplicateCards, duplicateCardSaleIds);
        line(text, "orphan cards (card without a sale)", orphanCards, orphanCardSaleIds);
        line(text, "refunds not reflected on the card", refundsNotReflected, unreflectedRefundSaleIds);
        line(text, "events passed by the publisher but never received", unpublishedBelowToken,
                unpublishedEventIds);
        if (!clean()) {
            text.append("  (while sales flow, lag shows up here too: run it again once the system is quiet)\n");
        }
        return text.toString();
    }

    private static void line(StringBuilder text, String what, int count, List<String> ids) {
        text.append("  ").append(String.format("%-52s %d", what, count));
        if (!ids.isEmpty()) {
            text.append("  ").append(String.join(", ", ids)).append(count > ids.size() ? ", ..." : "");
        }
        text.append('\n');
    }

    private static List<String> first(List<String> ids) {
        return List.copyOf(ids.subList(0, Math.min(LISTED, ids.size())));
    }
}
