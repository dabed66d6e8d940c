package io.lemonadeoutbox.lemonade.sale;

import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

@Component
public class SaleHistory {

    private final EventStore eventStore;

    SaleHistory(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    public Optional<SaleView> find(String saleId) {
        SaleView view = null;
        DomainEventStream events = eventStore.readEvents(saleId);
        while (events.hasNext()) {
            DomainEventMessage<?> event = events.next();
            if (event.getPayload() instanceof LemonadeSold sold) {
                view = SaleView.of(sold);
            } else if (event.getPayload() instanceof SaleRefunded refund && view != null) {
                view = view.refundedBy(refund);
            }
        }
        return Optional.ofNullable(view);
    }
}
