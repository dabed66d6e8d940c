package io.lemonadeoutbox.thankyou.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lemonadeoutbox.thankyou.RealServersTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false)
class CardApiIT extends RealServersTest {

    @Autowired TestRestTemplate http;
    @Autowired ObjectMapper json;

    @Test
    void getsOneCardBySaleId() throws Exception {
        String saleId = carded("Ada Lovelace", 2);

        ResponseEntity<String> response = http.getForEntity("/api/cards/{saleId}", String.class, saleId);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode card = json.readTree(response.getBody());
        assertThat(card.get("saleId").asText()).isEqualTo(saleId);
        assertThat(card.get("customerName").asText()).isEqualTo("Ada Lovelace");
        assertThat(card.get("customerEmail").asText()).isEqualTo("ada.lovelace@example.com");
        assertThat(card.get("cups").asInt()).isEqualTo(2);
        assertThat(card.get("message").asText()).isEqualTo("Thank you, Ada, for buying 2 cups of lemonade!");
        assertThat(card.get("refunded").asBoolean()).isFalse();
        assertThat(card.get("createdAt").asText()).isNotBlank();
    }

    @Test
    void listsCardsNewestFirstInPages() throws Exception {
        long before = page(0, 1).get("totalCards").asLong();
        String first = carded("Ada Lovelace", 1);
        String second = carded("Grace Hopper", 2);
        String third = carded("Alan Turing", 3);

        JsonNode newest = page(0, 2);
        assertThat(newest.get("cards").findValuesAsText("saleId")).containsExactly(third, second);
        assertThat(newest.get("page").asInt()).isZero();
        assertThat(newest.get("size").asInt()).isEqualTo(2);
        assertThat(newest.get("totalCards").asLong()).isEqualTo(before + 3);
        assertThat(newest.get("totalPages").asInt()).isEqualTo((int) ((before + 3 + 1) / 2));
        assertThat(page(1, 2).get("cards").get(0).get("saleId").asText()).isEqualTo(first);
    }

    @Test
    void anUnknownSaleIsA404ProblemDetail() throws Exception {
        ResponseEntity<String> response = http.getForEntity("/api/cards/{saleId}", String.class, "no-such-sale");

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = json.readTree(response.getBody());
        assertThat(problem.get("status").asInt()).isEqualTo(404);
        assertThat(problem.get("title").asText()).isEqualTo("Card not found");
        assertThat(problem.get("type").asText()).isEqualTo("urn:lemonade-outbox:problem:card-not-found");
        assertThat(problem.get("detail").asText()).isEqualTo("No thank-you card for sale no-such-sale");
        assertThat(problem.get("saleId").asText()).isEqualTo("no-such-sale");
        assertThat(problem.get("instance").asText()).isEqualTo("/api/cards/no-such-sale");
    }

    @Test
    void aSaleIdLongerThanTheContractAllowsIsA400ProblemDetail() throws Exception {
        ResponseEntity<String> response = http.getForEntity("/api/cards/{saleId}", String.class, "s".repeat(65));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(json.readTree(response.getBody()).get("detail").asText()).contains("saleId");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "page=-1        | page",
            "size=0         | size",
            "size=101       | size",
            "page=abc       | page",
            "size=9999999999| size",
    })
    void badPageParametersAre400ProblemDetails(String query, String parameter) throws Exception {
        ResponseEntity<String> response = http.getForEntity("/api/cards?" + query, String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = json.readTree(response.getBody());
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("detail").asText()).contains(parameter);
        assertThat(problem.get("type").asText()).isEqualTo("urn:lemonade-outbox:problem:invalid-request");
        assertThat(problem.at("/errors/0/field").asText()).isEqualTo(parameter);
        assertThat(response.getBody()).doesNotContain("Exception");
    }

    @Test
    void exposesHealthMetricsAndOpenApi() {
        assertThat(http.getForEntity("/actuator/health", String.class).getBody()).contains("\"status\":\"UP\"");
        assertThat(http.getForEntity("/actuator/prometheus", String.class).getBody())
                .contains("thankyou_cards_written_total", "thankyou_inbox_duplicates_total", "thankyou_dead_letters_total");
        assertThat(http.getForEntity("/v3/api-docs", String.class).getBody()).contains("/api/cards/{saleId}");
    }

    private String carded(String name, int cups) {
        String saleId = "sale-" + UUID.randomUUID();
        sales.send(sales.soldRecord(UUID.randomUUID().toString(), saleId, name, cups));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                http.getForEntity("/api/cards/{saleId}", String.class, saleId).getStatusCode() == HttpStatus.OK);
        return saleId;
    }

    private JsonNode page(int page, int size) throws Exception {
        ResponseEntity<String> response = http.getForEntity("/api/cards?page={page}&size={size}", String.class, page, size);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return json.readTree(response.getBody());
    }
}
