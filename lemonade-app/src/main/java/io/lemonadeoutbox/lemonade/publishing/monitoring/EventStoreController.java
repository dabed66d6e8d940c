package io.lemonadeoutbox.lemonade.publishing.monitoring;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.lemonadeoutbox.lemonade.eventstore.EventStoreReader;
import io.lemonadeoutbox.lemonade.eventstore.StoredEvent;
import io.lemonadeoutbox.lemonade.sale.SaleId;
import io.lemonadeoutbox.lemonade.sale.SaleNotFoundException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The event store as people read it: each event and whether Kafka has acknowledged it yet. */
@Validated
@RestController
class EventStoreController {

    static final int MAX_LIMIT = 500;

    /** A stored event and whether Kafka has acknowledged it yet. */
    record PublishedEvent(@JsonUnwrapped StoredEvent event, boolean published) {
    }

    private final EventStoreReader events;
    private final PublishingMonitor publishing;

    EventStoreController(EventStoreReader events, PublishingMonitor publishing) {
        this.events = events;
        this.publishing = publishing;
    }

    @GetMapping("/api/events")
    List<PublishedEvent> events(@RequestParam(defaultValue = "-1") @Min(-1) long after,
                                @RequestParam(defaultValue = "50") @Min(1) @Max(MAX_LIMIT) int limit) {
        return withPublished(events.after(after, limit));
    }

    @GetMapping("/api/sales/{saleId}/events")
    List<PublishedEvent> eventsOfSale(@PathVariable @Pattern(regexp = SaleId.PATTERN) String saleId) {
        List<StoredEvent> found = events.ofAggregate(saleId);
        if (found.isEmpty()) {
            throw new SaleNotFoundException(saleId);
        }
        return withPublished(found);
    }

    private List<PublishedEvent> withPublished(List<StoredEvent> found) {
        PublishingProgress progress = publishing.progress();
        return found.stream().map(e -> new PublishedEvent(e, progress.isPublished(e.globalIndex()))).toList();
    }
}
