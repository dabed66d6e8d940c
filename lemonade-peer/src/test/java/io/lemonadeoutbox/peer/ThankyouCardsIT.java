package io.lemonadeoutbox.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lemonadeoutbox.testkit.TopicReader;
import io.lemonadeoutbox.testkit.services.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The unchanged thankyou-service jar consumes what the peer publishes: one card per sale, with the sale's
 * customer and cups, marked refunded exactly for the refunded sales, and nothing dead-lettered.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class ThankyouCardsIT {

    private static final long SEED = Long.getLong("peer.seed", System.nanoTime());
    private static String topic;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        topic = PeerServers.register(registry, "cards");
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;

    private final Map<String, Integer> cupsBySale = new LinkedHashMap<>();
    private final HttpClient cards = HttpClient.newHttpClient();

    @Test
    void thankyouServiceWritesOneCardPerPeerSaleAndMarksTheRefundedOnes() throws Exception {
        Random random = new Random(SEED);
        Map<String, Boolean> refundedBySale = new LinkedHashMap<>();
        try (ServiceProcess thankyou = PeerServers.startThankyouService(topic, System.out::println)) {
            for (int i = 0; i < 30; i++) {
                String saleId = "peer-" + SEED + "-" + i;
                int cups = 1 + random.nextInt(20);
                assertThat(http.postForEntity("/api/sales", Map.of("saleId", saleId, "customerName", "Ada " + i,
                        "customerEmail", "ada" + i + "@example.com", "cups", cups), String.class).getStatusCode())
                        .as("seed %d", SEED).isEqualTo(HttpStatus.CREATED);
                refundedBySale.put(saleId, random.nextInt(3) == 0);
                cupsBySale.put(saleId, cups);
            }
            // Refunds only once every card exists: the peer does not keep a sale's events in order when they are
            // close together (README), and this test is about the consumer reading the peer's records.
            awaitCards(thankyou, sale -> false);
            for (Map.Entry<String, Boolean> sale : refundedBySale.entrySet()) {
                if (sale.getValue()) {
                    assertThat(http.postForEntity("/api/sales/" + sale.getKey() + "/refund", Map.of("reason", "sour"),
                            String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
                }
            }
            awaitCards(thankyou, refundedBySale::get);

            for (String saleId : refundedBySale.keySet()) {
                JsonNode card = card(thankyou, saleId);
                assertThat(card.get("cups").asInt()).isEqualTo(cupsBySale.get(saleId));
                assertThat(card.get("customerEmail").asText()).endsWith("@example.com");
            }
            try (var deadLetters = new TopicReader(PeerServers.INFRA.kafka().bootstrapServers(), topic + ".DLT")) {
                assertThat(deadLetters.readFor(Duration.ofSeconds(3))).as("dead letters").isEmpty();
            }
        }
    }

    private void awaitCards(ServiceProcess thankyou, java.util.function.Predicate<String> refunded) {
        await("a card for every sale, refunds marked (seed " + SEED + ", thankyou-service's lines in the test output)")
                .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> cupsBySale.keySet().stream().allMatch(saleId -> {
                    JsonNode card = card(thankyou, saleId);
                    return card != null && card.get("refunded").asBoolean() == refunded.test(saleId);
                }));
    }

    private JsonNode card(ServiceProcess thankyou, String saleId) {
        HttpResponse<String> response = get(thankyou.baseUrl() + "/api/cards/" + saleId);
        try {
            return response == null || response.statusCode() != 200 ? null : json.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code null} when the service does not answer. */
    private HttpResponse<String> get(String url) {
        try {
            return cards.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
