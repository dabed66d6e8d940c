package io.lemonadeoutbox.lemonade.sale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
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
        return new LemonadeSold(saleId, ADA, 2, PRICE, new Money(500, "EUR"), SOLD_AT, Flavour.CLASSIC);
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
        assertThatThrownBy(() -> sell(new Customer(" ", "ada@example.com")))
                .isInstanceOf(InvalidSaleException.class).hasMessage("customerName must not be blank");
        assertThatThrownBy(() -> sell(new Customer("Ada", "ada.example.com")))
                .isInstanceOf(InvalidSaleException.class).hasMessage("customerEmail must be a valid email address");
        assertThatThrownBy(() -> sell(new Customer("A".repeat(101), "ada@example.com")))
                .isInstanceOf(InvalidSaleException.class).hasMessageStartingWith("customerName must be at most");
    }

    @Test
    void aCustomerNameIsTextEveryStoreKeeps() {
        assertThatThrownBy(() -> sell(new Customer("A\u0000B", "ada@example.com")))
                .isInstanceOf(InvalidSaleException.class)
                .hasMessage("customerName must not contain NUL (U+0000) (at index 1)");
        assertThatThrownBy(() -> sell(new Customer("A\uD800B", "ada@example.com")))
                .isInstanceOf(InvalidSaleException.class).hasMessageContaining("an unpaired surrogate (U+D800)");
        assertThatThrownBy(() -> sell(new Customer("Ada\nLovelace", "ada@example.com")))
                .isInstanceOf(InvalidSaleException.class).hasMessageContaining("the control character U+000A");
        assertThatThrownBy(() -> sell(new Customer("Ada\uFFFE", "ada@example.com")))
                .isInstanceOf(InvalidSaleException.class).hasMessageContaining("the noncharacter U+FFFE");
        assertThatThrownBy(() -> sell(new Customer("Ada", "ada\u0000@example.com")))
                .isInstanceOf(InvalidSaleException.class).hasMessageStartingWith("customerEmail must not contain NUL");
    }

    @Test
    void aRefundReasonMayHaveLineBreaksButNoOtherControlCharacter() {
        assertThat(new RefundSale("s1", "Too sour\r\n\tand warm", REFUNDED_AT).reason())
                .isEqualTo("Too sour\r\n\tand warm");
        assertThatThrownBy(() -> new RefundSale("s1", "Too\u0007sour", REFUNDED_AT))
                .isInstanceOf(InvalidSaleException.class)
                .hasMessage("reason must not contain the control character U+0007 (at index 3)");
        assertThatThrownBy(() -> new RefundSale("s1", "x".repeat(501), REFUNDED_AT))
                .isInstanceOf(InvalidSaleException.class).hasMessage("reason must be at most 500 characters");
    }

    @Test
    void thePriceOfACupIsMoney() {
        assertThatThrownBy(() -> new SellLemonade("s1", ADA, 1, new Money(-1, "EUR"), SOLD_AT))
                .isInstanceOf(InvalidSaleException.class).hasMessageStartingWith("unitPrice must be an amount");
        assertThatThrownBy(() -> new SellLemonade("s1", ADA, 1, new Money(250, "euro"), SOLD_AT))
                .isInstanceOf(InvalidSaleException.class).hasMessageStartingWith("unitPrice currency must be");
    }

    /** Events are facts: one stored under older, looser rules still loads and can be refunded. */
    @Test
    void anOldSaleThatBreaksTodaysRulesStillLoads() {
        Customer oldName = new Customer("Ada\u0000\uD800\tLovelace" + "e".repeat(300), "not an email");
        LemonadeSold old = new LemonadeSold("old-1", oldName, 0, new Money(-5, "euro"), new Money(0, "euro"), SOLD_AT, "a flavour no longer sold");

        fixture.given(old)
                .when(new RefundSale("old-1", "Too sour", REFUNDED_AT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new SaleRefunded("old-1", oldName, new Money(0, "euro"), "Too sour", REFUNDED_AT));
    }

    @Test
    void anOldStoredPayloadThatBreaksTodaysRulesStillDeserialises() {
        String stored = """
                {"saleId":"old-2","customer":{"name":"A\\u0000B\\uD800","email":"not an email"},"cups":0,
                 "unitPrice":{"cents":-1,"currency":"euro"},"total":{"cents":0,"currency":"euro"},
                 "soldAt":"2020-01-01T00:00:00Z"}""";
        Serializer events = JacksonSerializer.builder().objectMapper(new ObjectMapper().findAndRegisterModules()).build();

        LemonadeSold sold = events.deserialize(new SimpleSerializedObject<>(stored.getBytes(StandardCharsets.UTF_8),
                byte[].class, LemonadeSold.class.getName(), "1"));

        assertThat(sold).isEqualTo(new LemonadeSold("old-2", new Customer("A\u0000B\uD800", "not an email"), 0,
                new Money(-1, "euro"), new Money(0, "euro"), Instant.parse("2020-01-01T00:00:00Z"),
                null)); // read without the upcaster chain; LemonadeSoldUpcasterTest reads it as the store does
    }

    private static SellLemonade sell(Customer customer) {
        return new SellLemonade("s1", customer, 2, PRICE, SOLD_AT);
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

    @Test
    void aFlavourIsOneTheStandSellsAndNoneMeansClassic() {
        assertThat(new SellLemonade("s1", ADA, 1, PRICE, SOLD_AT, null).flavour()).isEqualTo(Flavour.CLASSIC);
        assertThat(new SellLemonade("s1", ADA, 1, PRICE, SOLD_AT, "mint").flavour()).isEqualTo("mint");
        assertThatThrownBy(() -> new SellLemonade("s1", ADA, 1, PRICE, SOLD_AT, "durian"))
                .isInstanceOf(InvalidSaleException.class)
                .hasMessage("flavour must be one of classic, mint, ginger, strawberry");
    }

    @Test
    void theFlavourIsSoldAndPartOfTheOrder() {
        fixture.givenNoPriorActivity()
                .when(new SellLemonade("s1", ADA, 2, PRICE, SOLD_AT, "ginger"))
                .expectEvents(new LemonadeSold("s1", ADA, 2, PRICE, new Money(500, "EUR"), SOLD_AT, "ginger"));
        fixture.given(sold("s1"))
                .when(new SellLemonade("s1", ADA, 2, PRICE, SOLD_AT, "mint"))
                .expectException(SaleConflictException.class)
                .expectNoEvents();
    }
}
