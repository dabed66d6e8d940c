package io.lemonadeoutbox.peer.sale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lemonadeoutbox.peer.PeerServers;
import io.lemonadeoutbox.testkit.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The peer answers lemonade-app's sale API the same way (lemonade-app's SaleControllerTest, here against the real
 * database): 201/200/409 for sell and its retries, 404/409 for refunds, 400/422 problem details naming the field.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class PeerSaleApiIT {

    private static String topic;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        topic = PeerServers.register(registry, "api");
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;

    private ResponseEntity<String> post(String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.postForEntity(path, new HttpEntity<>(body, headers), String.class);
    }

    private JsonNode body(ResponseEntity<String> response) throws Exception {
        return json.readTree(response.getBody());
    }

    private static String order(String saleId, int cups) {
        return """
                {"saleId":"%s","customerName":"Ada","customerEmail":"ada@example.com","cups":%d}"""
                .formatted(saleId, cups);
    }

    @Test
    void aSaleIsCreatedAtItsUrlItsRetryIsOkAndAnotherOrderUnderItsIdIsAConflict() throws Exception {
        String saleId = PeerServers.uniqueName("s");
        ResponseEntity<String> created = post("/api/sales", order(saleId, 2));
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(created.getHeaders().getLocation()).hasToString("/api/sales/" + saleId);
        assertThat(body(created).at("/total/cents").asLong()).isEqualTo(500);
        assertThat(body(created).at("/unitPrice/cents").asLong()).isEqualTo(250);

        ResponseEntity<String> retried = post("/api/sales", order(saleId, 2));
        assertThat(retried.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(body(retried)).isEqualTo(body(created));

        ResponseEntity<String> conflicting = post("/api/sales", order(saleId, 3));
        assertThat(conflicting.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(conflicting.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);

        ResponseEntity<String> read = http.getForEntity("/api/sales/" + saleId, String.class);
        assertThat(read.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(body(read)).isEqualTo(body(created));

        ResponseEntity<String> refunded = post("/api/sales/" + saleId + "/refund", "{\"reason\":\" Too sour \"}");
        assertThat(refunded.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(body(refunded).get("refunded").asBoolean()).isTrue();
        assertThat(body(refunded).get("refundReason").asText()).isEqualTo("Too sour");

        assertThat(post("/api/sales/" + saleId + "/refund", "{\"reason\":\"again\"}").getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
        assertThat(post("/api/sales/nobody/refund", "{\"reason\":\"Too sour\"}").getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);

        List<ConsumerRecord<String, byte[]>> records = recordsOf(saleId, 2);
        assertThat(records).extracting(r -> TopicReader.header(r, "axon-message-type")).containsExactlyInAnyOrder(
                "io.lemonadeoutbox.lemonade.sale.LemonadeSold", "io.lemonadeoutbox.lemonade.sale.SaleRefunded");
    }

    @Test
    void identicalSalesRacingRecordOneSaleAndPublishOneEvent() throws Exception {
        String saleId = PeerServers.uniqueName("race");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<HttpStatus>> posts = IntStream.range(0, 8)
                    .<Callable<HttpStatus>>mapToObj(i -> () -> (HttpStatus) post("/api/sales", order(saleId, 1))
                            .getStatusCode())
                    .toList();
            List<HttpStatus> statuses = pool.invokeAll(posts).stream().map(PeerSaleApiIT::get).toList();
            assertThat(statuses).containsOnly(HttpStatus.CREATED, HttpStatus.OK);
            assertThat(statuses).filteredOn(HttpStatus.CREATED::equals).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(recordsOf(saleId, 1)).hasSize(1);
    }

    private static HttpStatus get(Future<HttpStatus> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for {@code expected} records of the sale, then a little longer to see any extra one. */
    private List<ConsumerRecord<String, byte[]>> recordsOf(String saleId, int expected) {
        try (TopicReader reader = new TopicReader(PeerServers.INFRA.kafka().bootstrapServers(), topic)) {
            reader.readUntil(read -> read.stream().filter(r -> r.key().equals(saleId)).count() >= expected,
                    Duration.ofSeconds(60));
            return reader.readFor(Duration.ofSeconds(2)).stream().filter(r -> r.key().equals(saleId)).toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing name        | {\"customerEmail\":\"ada@example.com\",\"cups\":2}                         | customerName | 400",
            "blank name          | {\"customerName\":\" \",\"customerEmail\":\"ada@example.com\",\"cups\":2}   | customerName | 400",
            "missing email       | {\"customerName\":\"Ada\",\"cups\":2}                                       | customerEmail | 400",
            "missing cups        | {\"customerName\":\"Ada\",\"customerEmail\":\"ada@example.com\"}            | cups | 400",
            "cups not a number   | {\"customerName\":\"Ada\",\"customerEmail\":\"ada@example.com\",\"cups\":\"two\"} | cups | 400",
            "cups a fraction     | {\"customerName\":\"Ada\",\"customerEmail\":\"ada@example.com\",\"cups\":1.5} | cups | 400",
            "sale id with slash  | {\"saleId\":\"a/b\",\"customerName\":\"Ada\",\"customerEmail\":\"ada@example.com\",\"cups\":2} | saleId | 400",
            "name of wrong type  | {\"customerName\":{\"first\":\"Ada\"},\"customerEmail\":\"ada@example.com\",\"cups\":2} | customerName | 400",
            "no cups             | {\"customerName\":\"Ada\",\"customerEmail\":\"ada@example.com\",\"cups\":0}      | cups | 422",
            "too many cups       | {\"customerName\":\"Ada\",\"customerEmail\":\"ada@example.com\",\"cups\":21}     | cups | 422",
            "invalid email       | {\"customerName\":\"Ada\",\"customerEmail\":\"ada-at-example\",\"cups\":2}       | customerEmail | 422",
    })
    void badInputIsAProblemNamingTheField(String why, String body, String field, int status) throws Exception {
        ResponseEntity<String> response = post("/api/sales", body);
        assertThat(response.getStatusCode().value()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(body(response).at("/errors/0/field").asText()).isEqualTo(field);
    }

    @Test
    void otherBadRequestsAreProblems() throws Exception {
        ResponseEntity<String> notJson = post("/api/sales", "{not json");
        assertThat(notJson.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(body(notJson).get("title").asText()).isEqualTo("Malformed request");

        ResponseEntity<String> noReason = post("/api/sales/s1/refund", "{}");
        assertThat(noReason.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(body(noReason).at("/errors/0/field").asText()).isEqualTo("reason");

        ResponseEntity<String> unknown = http.getForEntity("/api/sales/nobody", String.class);
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(body(unknown).get("detail").asText()).isEqualTo("no sale with id nobody");

        ResponseEntity<String> malformedId = http.getForEntity("/api/sales/" + "x".repeat(65), String.class);
        assertThat(malformedId.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(body(malformedId).at("/errors/0/field").asText()).isEqualTo("saleId");
    }
}
