package io.lemonadeoutbox.thankyou.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lemonadeoutbox.infra.SharedInfrastructure;
import io.lemonadeoutbox.thankyou.SalesTopicFixture;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * While PostgreSQL refuses connections to the thank-you database, reading cards answers 503 with
 * {@code Retry-After} and a problem body, not a 500; once it is back, the same reads answer again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CardOutageIT {

    static final SalesTopicFixture sales = new SalesTopicFixture("cardoutage");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        sales.register(registry);
        registry.add("spring.datasource.hikari.connection-timeout", () -> "2000");
    }

    @AfterAll
    static void closeProducer() {
        SharedInfrastructure.get().postgres().acceptConnections(sales.database);
        sales.close();
    }

    @Autowired TestRestTemplate http;
    @Autowired ObjectMapper json;

    @Test
    void readingCardsWhileTheDatabaseRefusesConnectionsIsA503WithRetryAfter() throws Exception {
        assertThat(http.getForEntity("/api/cards", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        ResponseEntity<String> one;
        ResponseEntity<String> page;
        try {
            SharedInfrastructure.get().postgres().refuseConnections(sales.database);
            one = http.getForEntity("/api/cards/{saleId}", String.class, "some-sale");
            page = http.getForEntity("/api/cards?page=0&size=5", String.class);
        } finally {
            SharedInfrastructure.get().postgres().acceptConnections(sales.database);
        }
        for (ResponseEntity<String> answer : java.util.List.of(one, page)) {
            assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("5");
            assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            JsonNode problem = json.readTree(answer.getBody());
            assertThat(problem.path("type").asText()).isEqualTo("urn:lemonade-outbox:problem:service-unavailable");
            assertThat(problem.path("status").asInt()).isEqualTo(503);
            assertThat(answer.getBody()).doesNotContain("Exception", "org.postgresql", "SQLState");
        }
        await("cards readable again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> http.getForEntity("/api/cards", String.class).getStatusCode() == HttpStatus.OK);
    }
}
