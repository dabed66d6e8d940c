package io.lemonadeoutbox.stack.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lemonadeoutbox.infra.SharedInfrastructure;
import io.lemonadeoutbox.stack.RunningStack;
import io.lemonadeoutbox.stack.Shop.Answer;
import io.lemonadeoutbox.stack.Shop;
import io.lemonadeoutbox.testkit.AnyText;
import java.time.Duration;
import java.util.UUID;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Whatever text lemonade-app accepts, thankyou-service stores and answers back unchanged: a customer name and a
 * refund reason, arbitrary Unicode strings sent as JSON escapes (so unpaired surrogates and NUL arrive as such), on
 * the real stack. What lemonade-app does not accept is a 400 or 422 naming the field, never a 500, and no sale.
 */
class AnyTextEndToEndIT {

    private static final Duration CARD_WITHIN = Duration.ofSeconds(30);
    private static RunningStack stack;
    private static Shop shop;

    @BeforeContainer
    static void startStack() {
        stack = RunningStack.start(SharedInfrastructure.get());
        shop = stack.shop();
    }

    @AfterContainer
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Provide
    Arbitrary<String> anyText() {
        return AnyText.strings(14);
    }

    @Property(tries = 150, shrinking = ShrinkingMode.OFF)
    void whateverLemonadeAppAcceptsThankyouServiceKeepsExactly(@ForAll("anyText") String name,
                                                               @ForAll("anyText") String reason) {
        String saleId = "text-" + UUID.randomUUID();
        Answer sold = shop.trySell(saleId, "{\"saleId\":\"" + saleId + "\",\"customerName\":" + AnyText.json(name)
                + ",\"customerEmail\":\"ada@example.com\",\"cups\":2}");
        Statistics.label("sale").collect(sold.status());
        // neither side of the property may pass for want of examples
        Statistics.label("sale").coverage(sales -> {
            sales.check(201).count(n -> n >= 20);
            sales.check(400).count(n -> n >= 20);
        });
        if (!sold.created()) {
            assertRejectedNamingTheField(sold, "customerName", name);
            assertThat(shop.saleStatus(saleId)).as("a rejected sale is not recorded").isEqualTo(404);
            return;
        }
        String acceptedName = Shop.readJson(sold.body()).path("customerName").asText();
        assertThat(acceptedName).as("the name as sold, stripped").isEqualTo(name.strip());

        Answer refunded = shop.tryRefund(saleId, "{\"reason\":" + AnyText.json(reason) + "}");
        Statistics.label("refund").collect(refunded.status());
        String acceptedReason = null;
        if (refunded.ok()) {
            acceptedReason = Shop.readJson(refunded.body()).path("refundReason").asText();
            assertThat(acceptedReason).as("the reason as refunded, stripped").isEqualTo(reason.strip());
        } else {
            assertRejectedNamingTheField(refunded, "reason", reason);
        }

        String expectedReason = acceptedReason;
        JsonNode card = await().atMost(CARD_WITHIN).until(() -> shop.card(saleId).orElse(null),
                found -> found != null && (expectedReason == null || found.path("refunded").asBoolean()));
        assertThat(card.path("customerName").asText()).as("card of %s", AnyText.describe(name)).isEqualTo(acceptedName);
        if (expectedReason != null) {
            assertThat(card.path("refundReason").asText()).as("refund of %s", AnyText.describe(reason))
                    .isEqualTo(expectedReason);
        }
    }

    private static void assertRejectedNamingTheField(Answer answer, String field, String text) {
        assertThat(answer.status()).as("%s %s: %s", field, AnyText.describe(text), answer.body()).isIn(400, 422);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(Shop.readJson(answer.body()).path("errors").path(0).path("field").asText()).isEqualTo(field);
    }
}
