package io.lemonadeoutbox.lemonade.sale;

import io.lemonadeoutbox.api.StorableText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Clock;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
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
                request.cups(), stand.pricePerCup(), clock.instant());
        SaleRecorded recorded = sellOnce(command);
        return recorded.appended()
                ? ResponseEntity.created(URI.create("/api/sales/" + saleId)).body(recorded.sale())
                : ResponseEntity.ok().location(URI.create("/api/sales/" + saleId)).body(recorded.sale());
    }

    /** Two identical POSTs racing: one appends, the other loses on the unique (aggregate, sequence) key and retries once. */
    private SaleRecorded sellOnce(SellLemonade command) {
        try {
            return commands.sendAndWait(command);
        } catch (ConcurrencyException raceLost) {
            return commands.sendAndWait(command);
        }
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
        try {
            return commands.sendAndWait(new RefundSale(saleId, request.reason(), clock.instant()));
        } catch (AggregateNotFoundException unknown) {
            throw new SaleNotFoundException(saleId);
        }
    }
}
