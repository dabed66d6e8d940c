package io.lemonadeoutbox.thankyou.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lemonadeoutbox.testkit.SaleRecords;
import io.lemonadeoutbox.thankyou.RealServersTest;
import io.lemonadeoutbox.thankyou.SalesTopicFixture;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** G5 on the consumer side: cards, duplicates, dead letters and the group's lag, as JSON and as Prometheus metrics. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "thankyou.console.allowed-origins=http://console.example:8080")
@AutoConfigureObservability(tracing = false)
class PipelineIT extends RealServersTest {

    @Autowired TestRestTemplate http;
    @Autowired ObjectMapper json;

    @Test
    void reportsCardsDuplicatesDeadLettersAndNoLagOnceEverythingIsConsumed() throws Exception {
        String saleId = "pipeline-" + UUID.randomUUID();
        var sold = sales.soldRecord(UUID.randomUUID().toString(), saleId, "Ada Lovelace", 2);
        sales.send(sold);
        sales.send(sold);
        String poisoned = "pipeline-" + UUID.randomUUID();
        sales.send(sales.record(UUID.randomUUID().toString(), SaleRecords.LEMONADE_SOLD, poisoned, 0,
                "{\"saleId\":\"" + poisoned + "\",\"customer\":"));

        JsonNode pipeline = await("everything consumed").atMost(Duration.ofSeconds(90))
                .until(() -> json.readTree(http.getForObject("/api/pipeline", String.class)),
                        p -> p.path("deadLetters").asLong() == 1 && p.path("duplicatesSuppressed").asLong() == 1
                                && p.at("/consumer/totalLag").asLong() == 0);
        assertThat(pipeline.path("cards").asLong()).isEqualTo(1);
        assertThat(pipeline.path("cardsWritten").asLong()).isEqualTo(1);
        assertThat(pipeline.at("/consumer/group").asText()).isEqualTo(sales.groupId);
        assertThat(pipeline.at("/consumer/topic").asText()).isEqualTo(sales.topic);
        assertThat(pipeline.at("/consumer/partitions").size()).isEqualTo(SalesTopicFixture.PARTITIONS);
        long consumed = 0;
        for (JsonNode partition : pipeline.at("/consumer/partitions")) {
            assertThat(partition.path("lag").asLong()).isZero();
            assertThat(partition.path("committedOffset").asLong()).isEqualTo(partition.path("endOffset").asLong());
            consumed += partition.path("endOffset").asLong();
        }
        assertThat(consumed).isEqualTo(3);
        assertThat(pipeline.at("/consumer/error").isNull()).isTrue();
        assertThat(pipeline.path("stalledPartitions").isArray()).isTrue();
        assertThat(pipeline.path("stalledPartitions")).isEmpty();
        assertThat(pipeline.path("databaseError").isNull()).isTrue();

        String metrics = http.getForObject("/actuator/prometheus", String.class);
        assertThat(metrics)
                .containsPattern("(?m)^thankyou_cards_written_total(\\{[^}]*})? 1\\.0$")
                .containsPattern("(?m)^thankyou_inbox_duplicates_total(\\{[^}]*})? 1\\.0$")
                .containsPattern("(?m)^thankyou_dead_letters_total(\\{[^}]*})? 1\\.0$")
                .containsPattern("(?m)^kafka_consumer_fetch_manager_records_lag_max\\{")
                .containsPattern("(?m)^spring_kafka_listener_seconds_count\\{");
    }

    @Test
    void theLemonadeAppConsoleMayReadTheApiFromTheBrowserAndNoOtherOrigin() {
        ResponseEntity<String> allowed = getFrom("http://console.example:8080");
        assertThat(allowed.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(allowed.getHeaders().getAccessControlAllowOrigin()).isEqualTo("http://console.example:8080");

        ResponseEntity<String> refused = getFrom("http://elsewhere.example");
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(refused.getHeaders().getAccessControlAllowOrigin()).isNull();
    }

    @Test
    void theConsoleMaySendAnOperatorsHeaderToTheDeadLettersAndSeesARefusalAsSuch() {
        HttpHeaders preflight = new HttpHeaders();
        preflight.setOrigin("http://console.example:8080");
        preflight.setAccessControlRequestMethod(HttpMethod.POST);
        preflight.setAccessControlRequestHeaders(java.util.List.of("authorization"));
        ResponseEntity<String> allowed = http.exchange("/api/operations/dead-letters/1/retry", HttpMethod.OPTIONS,
                new HttpEntity<>(preflight), String.class);
        assertThat(allowed.getStatusCode()).as("a preflight needs no credentials").isEqualTo(HttpStatus.OK);
        assertThat(allowed.getHeaders().getAccessControlAllowOrigin()).isEqualTo("http://console.example:8080");
        assertThat(allowed.getHeaders().getAccessControlAllowMethods()).contains(HttpMethod.POST);
        assertThat(allowed.getHeaders().getAccessControlAllowHeaders()).anyMatch("authorization"::equalsIgnoreCase);
        assertThat(allowed.getHeaders().getAccessControlAllowCredentials())
                .as("the browser's own credentials (cookies, a remembered login) are never sent").isFalse();

        HttpHeaders wrongPassword = new HttpHeaders();
        wrongPassword.setOrigin("http://console.example:8080");
        wrongPassword.setBasicAuth("operator", "not-the-password");
        ResponseEntity<String> refused = http.exchange("/api/operations/dead-letters", HttpMethod.GET,
                new HttpEntity<>(wrongPassword), String.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(refused.getHeaders().getAccessControlAllowOrigin())
                .as("the page can read the 401 and show it").isEqualTo("http://console.example:8080");

        preflight.setOrigin("http://elsewhere.example");
        ResponseEntity<String> otherOrigin = http.exchange("/api/operations/dead-letters", HttpMethod.OPTIONS,
                new HttpEntity<>(preflight), String.class);
        assertThat(otherOrigin.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    private ResponseEntity<String> getFrom(String origin) {
        HttpHeaders headers = new HttpHeaders();
        headers.setOrigin(origin);
        return http.exchange("/api/cards", HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }
}
