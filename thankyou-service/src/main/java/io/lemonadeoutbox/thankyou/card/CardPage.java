package io.lemonadeoutbox.thankyou.card;

import java.util.List;

public record CardPage(List<Card> cards, int page, int size, long totalCards, int totalPages) {

    static CardPage of(List<Card> cards, int page, int size, long totalCards) {
        return new CardPage(cards, page, size, totalCards, (int) ((totalCards + size - 1) / size));
    }
}
