package io.lemonadeoutbox.peer.sale;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** lemonade-app's sale API, same paths, bodies and status codes. */
@Validated
@RestController
@RequestMapping("/api/sales")
class SaleController {

    private final Sales sales;
    private final StandProperties stand;

    SaleController(Sales sales, StandProperties stand) {
        this.sales = sales;
        this.stand = stand;
    }

    @PostMapping
    ResponseEntity<SaleView> sell(@Valid @RequestBody SellLemonadeRequest request) {
        String saleId = request.saleId() != null ? request.saleId() : SaleId.generate();
        SaleRecorded recorded = sales.sell(saleId, request.customer(), request.validCups(), stand.pricePerCup());
        URI location = URI.create("/api/sales/" + saleId);
        return recorded.appended()
                ? ResponseEntity.created(location).body(recorded.sale())
                : ResponseEntity.ok().location(location).body(recorded.sale());
    }

    @GetMapping("/{saleId}")
    SaleView sale(@PathVariable @Pattern(regexp = SaleId.PATTERN) String saleId) {
        return sales.find(saleId).orElseThrow(() -> new SaleNotFoundException(saleId));
    }

    @PostMapping("/{saleId}/refund")
    SaleView refund(@PathVariable @Pattern(regexp = SaleId.PATTERN) String saleId,
                    @Valid @RequestBody RefundSaleRequest request) {
        return sales.refund(saleId, request.validReason());
    }
}
