package io.lemonadeoutbox.stack.audit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The audit's arithmetic over what was read from both databases; no I/O. */
public final class AuditComparison {

    private AuditComparison() {
    }

    public static AuditReport compare(List<StoredEvent> events, PublishedPosition published, List<CardRow> cards,
                                      Set<String> inboxEventIds, int deadLetters) {
        Set<String> sold = new LinkedHashSet<>();
        Set<String> refunded = new LinkedHashSet<>();
        List<String> unpublished = new ArrayList<>();
        for (StoredEvent event : events) {
            switch (event.kind()) {
                case SOLD -> sold.add(event.saleId());
                case REFUNDED -> refunded.add(event.saleId());
                case OTHER -> { }
            }
            if (published.passed(event.globalIndex()) && !inboxEventIds.contains(event.eventId())) {
                unpublished.add(event.eventId());
            }
        }

        Map<String, List<CardRow>> cardsBySale = new LinkedHashMap<>();
        cards.forEach(card -> cardsBySale.computeIfAbsent(card.saleId(), sale -> new ArrayList<>()).add(card));

        List<String> missing = sold.stream().filter(sale -> !cardsBySale.containsKey(sale)).toList();
        List<String> duplicates = cardsBySale.entrySet().stream()
                .filter(entry -> entry.getValue().size() > 1).map(Map.Entry::getKey).toList();
        List<String> orphans = cardsBySale.keySet().stream().filter(sale -> !sold.contains(sale)).toList();
        List<String> unreflected = refunded.stream()
                .filter(sale -> !anyRefunded(cardsBySale.getOrDefault(sale, List.of()))).toList();

        return new AuditReport(sold.size(), cards.size(), refunded.size(), events.size(), published.index(),
                deadLetters, missing.size(), duplicates.size(), orphans.size(), unreflected.size(),
                unpublished.size(), missing, duplicates, orphans, unreflected, unpublished);
    }

    private static boolean anyRefunded(Collection<CardRow> cards) {
        return cards.stream().anyMatch(CardRow::refunded);
    }
}
