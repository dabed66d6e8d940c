package io.lemonadeoutbox.thankyou.card;

import io.lemonadeoutbox.api.StorableText;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/cards")
public class CardController {

    static final int MAX_PAGE_SIZE = 100;

    private final CardRepository cards;

    public CardController(CardRepository cards) {
        this.cards = cards;
    }

    @GetMapping
    public CardPage list(@RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
                         @RequestParam(defaultValue = "20") @Min(1) @Max(MAX_PAGE_SIZE) int size) {
        return CardPage.of(cards.newestFirst(page, size), page, size, cards.count());
    }

    @GetMapping("/{saleId}")
    public Card get(@PathVariable @Size(max = Card.MAX_SALE_ID_LENGTH) @StorableText String saleId) {
        return cards.find(saleId).orElseThrow(() -> new CardNotFoundException(saleId));
    }
}
