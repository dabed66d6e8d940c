package io.lemonadeoutbox.peer.sale;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** The stand, not the customer, sets the price of a cup. */
@Validated
@ConfigurationProperties("lemonade.stand")
public record StandProperties(@Positive long pricePerCupCents, @Pattern(regexp = "[A-Z]{3}") String currency) {

    public Money pricePerCup() {
        return new Money(pricePerCupCents, currency);
    }
}
