package io.lemonadeoutbox.thankyou.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lemonadeoutbox.testkit.SaleRecords;
import io.lemonadeoutbox.thankyou.SalesTopicFixture;
import io.lemonadeoutbox.thankyou.card.CardRepository;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** An operator retries a parked record once its cause is fixed, or discards it; nobody else may. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeadLetterOperationsIT {

    static final SalesTopicFixture sales = new SalesTopicFixture("dlops");
    static final String PASSWORD = "only-for-tests";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        sales.register(registry);
        registry.add("operations.users[0].username", () -> "operator");
        registry.add("operations.users[0].password", () -> PASSWORD);
        registry.add("operations.users[0].roles[0]", () -> "OPERATOR");
        registry.add("operations.users[1].username", () -> "viewer");
        registry.add("operations.users[1].password", () -> PASSWORD);
        registry.add("operations.users[1].roles[0]", () -> "VIEWER");
    }

    @AfterAll
    static void close() {
        sales.close();
    }

    @Autowired TestRestTemplate http;
    @Autowired CardRepository cards;

    /**
     * A refund before its sale is no longer parked (it waits for the card, InboxIT); a second refund while the first
     * waits is. The operator's retry sends it again; the card keeps the first refund.
     */
    @Test
    void aSecondRefundParkedBeforeItsSaleIsRetriedOnceByTheOperator() {
        String saleId = "dlops-" + UUID.randomUUID();
        sales.send(sales.record(UUID.randomUUID().toString(), SaleRecords.SALE_REFUNDED, saleId, 1,
                SaleRecords.refundedJson(saleId, "Too sour")));
        sales.send(sales.record(UUID.randomUUID().toString(), SaleRecords.SALE_REFUNDED, saleId, 2,
                SaleRecords.refundedJson(saleId, "Too sweet")));
        Map<String, Object> parked = awaitDeadLetter(saleId);
        assertThat(parked.get("reason").toString()).contains("has no card yet");

        sales.send(sales.soldRecord(UUID.randomUUID().toString(), saleId, "Ada Lovelace", 2));
        await().atMost(Duration.ofSeconds(60)).until(() -> cards.find(saleId).isPresent());
        assertThat(cards.find(saleId).orElseThrow().refundReason()).isEqualTo("Too sour");

        ResponseEntity<Map> retried = operator().postForEntity(
                "/api/operations/dead-letters/" + parked.get("id") + "/retry", null, Map.class);

        assertThat(retried.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(retried.getBody()).containsEntry("resolution", "RETRIED").containsEntry("resolvedBy", "operator");
        await().atMost(Duration.ofSeconds(60)).until(() -> cards.find(saleId).orElseThrow().refunded());
        assertThat(operator().postForEntity("/api/operations/dead-letters/" + parked.get("id") + "/retry", null,
                Map.class).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void aDiscardedDeadLetterStaysOnRecordAndCannotBeRetried() {
        String saleId = "dlops-" + UUID.randomUUID();
        sales.send(sales.record(UUID.randomUUID().toString(), SaleRecords.LEMONADE_SOLD, saleId, 0, "{oops"));
        Map<String, Object> parked = awaitDeadLetter(saleId);

        ResponseEntity<Map> discarded = operator().postForEntity(
                "/api/operations/dead-letters/" + parked.get("id") + "/discard", null, Map.class);

        assertThat(discarded.getBody()).containsEntry("resolution", "DISCARDED");
        ResponseEntity<Map> again = operator().postForEntity(
                "/api/operations/dead-letters/" + parked.get("id") + "/retry", null, Map.class);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(again.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(cards.find(saleId)).isEmpty();
    }

    @Test
    void onlyOperatorsMayLookAtOrResolveDeadLetters() {
        for (TestRestTemplate caller : List.of(http, http.withBasicAuth("operator", "wrong"))) {
            ResponseEntity<Map> refused = caller.postForEntity("/api/operations/dead-letters/1/retry", null, Map.class);
            assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        }
        TestRestTemplate viewer = http.withBasicAuth("viewer", PASSWORD);
        assertThat(viewer.getForEntity("/api/operations/dead-letters", String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(viewer.postForEntity("/api/operations/dead-letters/1/discard", null, Map.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        ResponseEntity<Map> unknown = operator().postForEntity("/api/operations/dead-letters/999999/retry", null,
                Map.class);
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(unknown.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(operator().getForEntity("/api/operations/dead-letters?limit=0", Map.class).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(http.getForEntity("/api/cards", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    private Map<String, Object> awaitDeadLetter(String saleId) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> operator().exchange(
                        "/api/operations/dead-letters?limit=500", HttpMethod.GET, null,
                        new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody().stream()
                .filter(d -> saleId.equals(d.get("key"))).findFirst().orElse(null), d -> d != null);
    }

    private TestRestTemplate operator() {
        return http.withBasicAuth("operator", PASSWORD);
    }
}
