package io.lemonadeoutbox.lemonade.sale;

import io.lemonadeoutbox.api.StorableText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Clock;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.AxonTransientException;
import io.lemonadeoutbox.api.problem.Outages;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@Validated
@RestController
@RequestMapping("/api/sales")
class SaleController {

    private final CommandGateway commands;
    private final SaleHistory history;
    private final StandProperties stand;
    private final Clock clock;

    SaleController(CommandGateway commands, SaleHistory history, StandProperties stand, Clock clock) {
        this.commands = commands;
        this.history = history;
        this.stand = stand;
        this.clock = clock;
    }

    @PostMapping
    ResponseEntity<SaleView> sell(@Valid @RequestBody SellLemonadeRequest request) {
        String saleId = request.saleId() != null ? request.saleId() : SaleId.generate();
        SellLemonade command = new SellLemonade(saleId, new Customer(request.customerName(), request.customerEmail()),
                request.cups(), stand.pricePerCup(), clock.instant(), request.flavour());
        SaleRecorded recorded = sellOnce(command);
        return recorded.appended()
                ? ResponseEntity.created(URI.create("/api/sales/" + saleId)).body(recorded.sale())
                : ResponseEntity.ok().location(URI.create("/api/sales/" + saleId)).body(recorded.sale());
    }

    /**
     * Two POSTs creating the same sale on two instances: both find no sale, both append sequence 0, and PostgreSQL's
     * unique key lets one commit. The loser (Axon's AggregateStreamCreationException, or ConcurrencyException once
     * the sale exists) sends the command once more; that loads the committed sale, since PostgreSQL reports the
     * violation only after the winner committed, so it answers 200 for the same order and 409 for another. On one
     * instance Axon's aggregate lock already serialises them. An append whose global index the publisher had given
     * up as a gap just before its insert wrote nothing and fails the same way ({@code AppendConflicts}), so it is
     * sent once more too; so is a refund.
     */
    private SaleRecorded sellOnce(SellLemonade command) {
        try {
            try {
                return commands.sendAndWait(command);
            } catch (AggregateStreamCreationException | AxonTransientException raceLost) {
                return commands.sendAndWait(command);
            }
        } catch (RuntimeException failure) {
            if (Outages.isOutage(failure) || isTransient(failure)) {
                throw new SaleOutcomeUnknownException(command.saleId(), failure);
            }
            throw failure;
        }
    }

    /** Failed for a reason a retry can fix, other than a sale changed at the same moment (409, ApiProblems). */
    private static boolean isTransient(RuntimeException failure) {
        return failure instanceof AxonTransientException && !(failure instanceof ConcurrencyException);
    }

    @GetMapping("/{saleId}")
    SaleView sale(@PathVariable @Pattern(regexp = SaleId.PATTERN) @Size(max = SaleId.MAX_LENGTH) @StorableText
                  String saleId) {
        return history.find(saleId).orElseThrow(() -> new SaleNotFoundException(saleId));
    }

    @PostMapping("/{saleId}/refund")
    SaleView refund(@PathVariable @Pattern(regexp = SaleId.PATTERN) @Size(max = SaleId.MAX_LENGTH) @StorableText
                    String saleId,
                    @Valid @RequestBody RefundSaleRequest request) {
        RefundSale command = new RefundSale(saleId, request.reason(), clock.instant());
        try {
            try {
                return commands.sendAndWait(command);
            } catch (AxonTransientException raceLost) {
                return commands.sendAndWait(command);
            }
        } catch (AggregateNotFoundException unknown) {
            throw new SaleNotFoundException(saleId);
        }
    }
}
