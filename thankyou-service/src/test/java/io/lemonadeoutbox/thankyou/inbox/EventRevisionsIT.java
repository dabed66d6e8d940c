package io.lemonadeoutbox.thankyou.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lemonadeoutbox.testkit.SaleRecords;
import io.lemonadeoutbox.thankyou.RealServersTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Both revisions of LemonadeSold can arrive for as long as a store holds revision-1 rows and an instance of the
 * previous lemonade-app publishes: an old instance sends revision 1, an upgraded one (live or republishing) sends the
 * same event upcast to revision 2 with the same event id. Either order converges on one card with the right flavour.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EventRevisionsIT extends RealServersTest {

    @Autowired TestRestTemplate http;
    @Autowired JdbcClient jdbc;
    @Autowired ObjectMapper json;

    @Test
    void aRevision2SaleShowsItsFlavourOnTheCard() throws Exception {
        String saleId = "rev2-" + UUID.randomUUID();
        sales.send(revision2(UUID.randomUUID().toString(), saleId, "ginger"));

        JsonNode card = awaitCard(saleId);
        assertThat(card.get("flavour").asText()).isEqualTo("ginger");
        assertThat(card.get("cups").asInt()).isEqualTo(2);
    }

    @Test
    void oneSaleInBothRevisionsInEitherOrderIsOneClassicCard() throws Exception {
        String oldFirst = "rev1first-" + UUID.randomUUID();
        String oldFirstEvent = UUID.randomUUID().toString();
        String newFirst = "rev2first-" + UUID.randomUUID();
        String newFirstEvent = UUID.randomUUID().toString();

        sales.send(revision1(oldFirstEvent, oldFirst));
        sales.send(revision2(oldFirstEvent, oldFirst, "classic"));
        sales.send(revision2(newFirstEvent, newFirst, "classic"));
        sales.send(revision1(newFirstEvent, newFirst));
        String marker = "marker-" + UUID.randomUUID();
        for (String saleId : List.of(oldFirst, newFirst)) {
            sales.send(sales.record(UUID.randomUUID().toString(), SaleRecords.SALE_REFUNDED, saleId, 1,
                    SaleRecords.refundedJson(saleId, marker)));
        }

        for (String saleId : List.of(oldFirst, newFirst)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> awaitCard(saleId).path("refunded").asBoolean());
            JsonNode card = awaitCard(saleId);
            assertThat(card.get("flavour").asText()).isEqualTo("classic");
            assertThat(jdbc.sql("select count(*) from card where sale_id = ?").param(saleId)
                    .query(Long.class).single()).isEqualTo(1);
            assertThat(jdbc.sql("select count(*) from inbox where sale_id = ?").param(saleId)
                    .query(Long.class).single()).isEqualTo(2);
            assertThat(jdbc.sql("select count(*) from dead_letter where record_key = ?").param(saleId)
                    .query(Long.class).single()).isZero();
        }
    }

    private ProducerRecord<String, byte[]> revision1(String eventId, String saleId) {
        return sales.record(eventId, SaleRecords.LEMONADE_SOLD, saleId, 0,
                SaleRecords.soldJson(saleId, "Ada Lovelace", "ada@example.com", 2));
    }

    private ProducerRecord<String, byte[]> revision2(String eventId, String saleId, String flavour) throws Exception {
        ObjectNode payload = (ObjectNode) json.readTree(
                SaleRecords.soldJson(saleId, "Ada Lovelace", "ada@example.com", 2));
        payload.put("flavour", flavour);
        ProducerRecord<String, byte[]> record = sales.record(eventId, SaleRecords.LEMONADE_SOLD, saleId, 0,
                json.writeValueAsString(payload));
        record.headers().remove("axon-message-revision").add("axon-message-revision", SaleRecords.utf8("2"));
        return record;
    }

    private JsonNode awaitCard(String saleId) throws Exception {
        ResponseEntity<String> found = await().atMost(Duration.ofSeconds(30)).until(
                () -> http.getForEntity("/api/cards/{saleId}", String.class, saleId),
                response -> response.getStatusCode() == HttpStatus.OK);
        return json.readTree(found.getBody());
    }
}
