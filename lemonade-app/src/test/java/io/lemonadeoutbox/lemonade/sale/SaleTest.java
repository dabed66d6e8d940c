package io.lemonadeoutbox.lemonade.sale;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SaleTest {

    private static final Customer ADA = new Customer("Ada Lovelace", "ada@example.com");
    private static final Money PRICE = new Money(250, "EUR");
    private static final Instant SOLD_AT = Instant.parse("2026-11-27T10:15:30Z");
    private static final Instant REFUNDED_AT = Instant.parse("2026-11-27T10:20:00Z");

    private FixtureConfiguration<Sale> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Sale.class);
    }

    private static LemonadeSold sold(String saleId) {
        return new LemonadeSold(saleId, ADA, 2, PRICE, new Money(500, "EUR"), SOLD_AT);
    }

    @Test
    void sellingLemonadeRecordsTheSaleWithItsTotal() {
        fixture.givenNoPriorActivity()
                .when(new SellLemonade("s1", ADA, 2, PRICE, SOLD_AT))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(SaleRecorded.appended(SaleView.of(sold("s1"))))
                .expectEvents(sold("s1"));
    }

    @Test
    void sellingTheSameOrderAgainUnderTheSameIdAppendsNothing() {
        fixture.given(sold("s1"))
                .when(new SellLemonade("s1", ADA, 2, PRICE, SOLD_AT.plusSeconds(5)))
                .expectResultMessagePayload(SaleRecorded.alreadyRecorded(SaleView.of(sold("s1"))))
                .expectNoEvents();
    }

    @Test
    void aDifferentOrderUnderAnExistingIdIsAConflict() {
        fixture.given(sold("s1"))
                .when(new SellLemonade("s1", ADA, 3, PRICE, SOLD_AT))
                .expectException(SaleConflictException.class)
                .expectNoEvents();
    }

    @Test
    void anotherCustomerUnderAnExistingIdIsAConflict() {
        fixture.given(sold("s1"))
                .when(new SellLemonade("s1", new Customer("Grace Hopper", "grace@example.com"), 2, PRICE, SOLD_AT))
                .expectException(SaleConflictException.class)
                .expectNoEvents();
    }

    @Test
    void refundingASaleRecordsTheRefundOfItsTotal() {
        fixture.given(sold("s1"))
                .when(new RefundSale("s1", "Too sour", REFUNDED_AT))
                .expectEvents(new SaleRefunded("s1", ADA, new Money(500, "EUR"), "Too sour", REFUNDED_AT))
                .expectResultMessagePayload(SaleView.of(sold("s1"))
                        .refundedBy(new SaleRefunded("s1", ADA, new Money(500, "EUR"), "Too sour", REFUNDED_AT)));
    }

    @Test
    void aSaleCannotBeRefundedTwice() {
        fixture.given(sold("s1"), new SaleRefunded("s1", ADA, new Money(500, "EUR"), "Too sour", REFUNDED_AT))
                .when(new RefundSale("s1", "Still sour", REFUNDED_AT))
                .expectException(SaleConflictException.class)
                .expectNoEvents();
    }

    @Test
    void anUnknownSaleCannotBeRefunded() {
        fixture.givenNoPriorActivity()
                .when(new RefundSale("nobody", "Too sour", REFUNDED_AT))
                .expectException(AggregateNotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void cupsMustBeWithinTheStandsRange() {
        assertThatThrownBy(() -> new SellLemonade("s1", ADA, 0, PRICE, SOLD_AT))
                .isInstanceOf(InvalidSaleException.class).hasMessage("cups must be between 1 and 20");
        assertThatThrownBy(() -> new SellLemonade("s1", ADA, 21, PRICE, SOLD_AT))
                .isInstanceOf(InvalidSaleException.class).hasMessage("cups must be between 1 and 20");
    }

    @Test
    void aCustomerHasANameAndAValidEmail() {
        assertThatThrownBy(() -> new Customer(" ", "ada@example.com"))
                .isInstanceOf(InvalidSaleException.class).hasMessage("customerName must not be blank");
        assertThatThrownBy(() -> new Customer("Ada", "ada.example.com"))
                .isInstanceOf(InvalidSaleException.class).hasMessage("customerEmail must be a valid email address");
        assertThatThrownBy(() -> new Customer("A".repeat(101), "ada@example.com"))
                .isInstanceOf(InvalidSaleException.class).hasMessageStartingWith("customerName must be at most");
    }

    @Test
    void aSaleIdIsUrlSafe() {
        assertThatThrownBy(() -> new SellLemonade("a/b", ADA, 1, PRICE, SOLD_AT))
                .isInstanceOf(InvalidSaleException.class).hasMessageStartingWith("saleId must match");
    }

    @Test
    void aRefundNeedsAReason() {
        assertThatThrownBy(() -> new RefundSale("s1", "  ", REFUNDED_AT))
                .isInstanceOf(InvalidSaleException.class).hasMessage("reason must not be blank");
    }
}
