package io.lemonadeoutbox.lemonade.eventstore;

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

@Validated
@RestController
class EventStoreController {

    static final int MAX_LIMIT = 500;

    private final EventStoreReader events;

    EventStoreController(EventStoreReader events) {
        this.events = events;
    }

    @GetMapping("/api/events")
    List<StoredEvent> events(@RequestParam(defaultValue = "-1") @Min(-1) long after,
                             @RequestParam(defaultValue = "50") @Min(1) @Max(MAX_LIMIT) int limit) {
        return events.after(after, limit);
    }

    @GetMapping("/api/sales/{saleId}/events")
    List<StoredEvent> eventsOfSale(@PathVariable @Pattern(regexp = SaleId.PATTERN) String saleId) {
        List<StoredEvent> found = events.ofAggregate(saleId);
        if (found.isEmpty()) {
            throw new SaleNotFoundException(saleId);
        }
        return found;
    }
}
