package io.lemonadeoutbox.lemonade.sale;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

@Aggregate
public class Sale {

    @AggregateIdentifier
    private String saleId;
    private LemonadeSold sold;
    private SaleView view;

    protected Sale() {
    }

    /**
     * Selling is idempotent per sale id, so a client may retry a POST it never saw answered: the same order again
     * appends nothing, a different order under the same id is a conflict.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public SaleRecorded handle(SellLemonade command) {
        if (sold != null) {
            if (command.sameOrderAs(sold)) {
                return SaleRecorded.alreadyRecorded(view);
            }
            throw new SaleConflictException("sale " + command.saleId() + " was already recorded with another order");
        }
        apply(new LemonadeSold(command.saleId(), command.customer(), command.cups(), command.unitPrice(),
                command.unitPrice().times(command.cups()), command.requestedAt(), command.flavour()));
        return SaleRecorded.appended(view);
    }

    @CommandHandler
    public SaleView handle(RefundSale command) {
        if (view.refunded()) {
            throw new SaleConflictException("sale " + saleId + " was already refunded");
        }
        apply(new SaleRefunded(saleId, sold.customer(), sold.total(), command.reason(), command.requestedAt()));
        return view;
    }

    @EventSourcingHandler
    void on(LemonadeSold event) {
        saleId = event.saleId();
        sold = event;
        view = SaleView.of(event);
    }

    @EventSourcingHandler
    void on(SaleRefunded event) {
        view = view.refundedBy(event);
    }
}
