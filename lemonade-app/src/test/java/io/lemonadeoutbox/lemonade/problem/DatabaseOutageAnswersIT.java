package io.lemonadeoutbox.lemonade.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lemonadeoutbox.lemonade.PipelineTest;
import io.lemonadeoutbox.lemonade.RealServers;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 10 item 5: while PostgreSQL refuses connections to the event store's database (existing sessions ended,
 * new ones refused), selling, refunding and reading a sale answer 503 with {@code Retry-After} and a problem body,
 * not a 500; the POST's body names the sale id to retry with, and that retry, once the database is back, records
 * the sale exactly once. The pool waits 2 s for a connection here instead of Hikari's 30 s, so the test is quick.
 */
@TestPropertySource(properties = "spring.datasource.hikari.connection-timeout=2000")
class DatabaseOutageAnswersIT extends PipelineTest {

    @Autowired
    ObjectMapper json;

    @Test
    void aDatabaseThatRefusesConnectionsIsA503WithRetryAfterAndTheRetryRecordsTheSaleOnce() throws Exception {
        String refundable = RealServers.uniqueName("before-outage");
        assertThat(sell(refundable, "Ada Lovelace", 1).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String saleId = RealServers.uniqueName("outage");
        String database = jdbc.sql("select current_database()").query(String.class).single();
        ResponseEntity<String> sale;
        ResponseEntity<String> generated;
        ResponseEntity<String> refund;
        ResponseEntity<String> read;
        try {
            RealServers.INFRA.postgres().refuseConnections(database);
            sale = post("/api/sales", body(saleId));
            generated = post("/api/sales", """
                    {"customerName":"Grace Hopper","customerEmail":"grace@example.com","cups":1}""");
            refund = post("/api/sales/" + refundable + "/refund", "{\"reason\":\"Too sour\"}");
            read = http.getForEntity("/api/sales/" + refundable, String.class);
        } finally {
            RealServers.INFRA.postgres().acceptConnections(database);
        }

        JsonNode saleProblem = assertUnavailable(sale);
        assertThat(saleProblem.path("saleId").asText()).isEqualTo(saleId);
        assertThat(saleProblem.path("detail").asText()).contains("retry the same POST with saleId " + saleId);
        String generatedId = assertUnavailable(generated).path("saleId").asText();
        assertThat(generatedId).as("the id the server chose, so the client can retry with it").isNotBlank();
        assertThat(assertUnavailable(refund).path("detail").asText()).contains("retry");
        assertUnavailable(read);

        ResponseEntity<String> retried = await("the same POST once the database is back")
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> post("/api/sales", body(saleId)), r -> r.getStatusCode().value() != 503);
        assertThat(retried.getStatusCode()).as(retried.getBody()).isIn(HttpStatus.CREATED, HttpStatus.OK);
        assertThat(post("/api/sales", body(saleId)).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(eventStore.ofAggregate(saleId)).hasSize(1);
        assertThat(post("/api/sales", body(generatedId)).getStatusCode()).isIn(HttpStatus.CREATED, HttpStatus.OK);
        assertThat(eventStore.ofAggregate(generatedId)).hasSize(1);
    }

    private JsonNode assertUnavailable(ResponseEntity<String> answer) throws Exception {
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getBody()).doesNotContain("Exception", "org.postgresql", "SQLState", "\tat ");
        JsonNode problem = json.readTree(answer.getBody());
        assertThat(problem.path("status").asInt()).isEqualTo(503);
        assertThat(problem.path("type").asText()).isEqualTo("urn:lemonade-outbox:problem:service-unavailable");
        assertThat(problem.path("title").asText()).isNotBlank();
        return problem;
    }

    private static String body(String saleId) {
        return """
                {"saleId":"%s","customerName":"Ada Lovelace","customerEmail":"ada@example.com","cups":2}"""
                .formatted(saleId);
    }

    private ResponseEntity<String> post(String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), String.class, Map.of());
    }
}
