package io.lemonadeoutbox.lemonade.sale;

/** An amount in minor units of an ISO 4217 currency; plain data, as events carry it (rules: {@link SellLemonade}). */
public record Money(long cents, String currency) {

    public Money times(int quantity) {
        return new Money(Math.multiplyExact(cents, quantity), currency);
    }
}
