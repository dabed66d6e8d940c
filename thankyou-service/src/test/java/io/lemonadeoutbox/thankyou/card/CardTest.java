package io.lemonadeoutbox.thankyou.card;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CardTest {

    @Test
    void thanksTheCustomerByFirstNameForTheCupsBought() {
        assertThat(Card.thankYouMessage("Ada Lovelace", 2)).isEqualTo("Thank you, Ada, for buying 2 cups of lemonade!");
        assertThat(Card.thankYouMessage("  Grace  ", 1)).isEqualTo("Thank you, Grace, for buying 1 cup of lemonade!");
    }
}
