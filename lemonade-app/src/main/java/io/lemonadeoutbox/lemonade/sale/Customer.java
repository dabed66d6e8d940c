package io.lemonadeoutbox.lemonade.sale;

/**
 * Who bought, as events carry it: plain data. The rules for a customer are checked where a sale is made
 * ({@link SellLemonadeRequest}, {@link SellLemonade}); an event keeps whatever was valid when it was stored.
 */
public record Customer(String name, String email) {
}
