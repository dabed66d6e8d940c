package io.lemonadeoutbox.lemonade.publishing;

import static io.lemonadeoutbox.testkit.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lemonadeoutbox.lemonade.PipelineTest;
import io.lemonadeoutbox.lemonade.RealServers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * A store that holds revision-1 rows, exactly as the previous version wrote them (src/test/resources/evolution):
 * the live publisher and the republisher both send them upcast, as revision 2 with the classic flavour and their
 * original event ids, and the aggregate loads them (a stored revision-1 sale can be refunded today).
 */
class RevisionOneHistoryIT extends PipelineTest {

    static final List<String> EVENT_IDS = List.of("7d0e1c1e-0001-4a11-9a7e-000000000001",
            "7d0e1c1e-0002-4a11-9a7e-000000000002", "7d0e1c1e-0003-4a11-9a7e-000000000003",
            "7d0e1c1e-0004-4a11-9a7e-000000000004");
    static final String SOLD = "io.lemonadeoutbox.lemonade.sale.LemonadeSold";

    @Autowired
    DataSource dataSource;
    @Autowired
    ObjectMapper json;

    @Test
    void revisionOneHistoryIsPublishedAndRepublishedAsRevisionTwoWithTheClassicFlavour() throws Exception {
        new ResourceDatabasePopulator(new ClassPathResource("evolution/revision-1-history.sql")).execute(dataSource);
        assertThat(jdbc.sql("select count(*) from domain_event_entry where payload_revision = '1' "
                + "and event_identifier like '7d0e1c1e-%'").query(Long.class).single()).isEqualTo(4);

        List<ConsumerRecord<String, byte[]>> live = topic.readUntil(copies(1), Duration.ofSeconds(60));
        assertAllUpcast(live);

        Map<?, ?> sale = http.getForObject("/api/sales/hist-0003", Map.class);
        assertThat(sale.get("flavour")).isEqualTo("classic");
        assertThat(refund("hist-0003", "Spilled").getStatusCode()).isEqualTo(HttpStatus.OK);

        long from = eventStore.ofAggregate("hist-0001").get(0).globalIndex();
        assertThat(http.withBasicAuth(RealServers.OPERATOR, RealServers.OPERATOR_PASSWORD)
                .postForEntity("/api/operations/republish?fromGlobalIndex=" + from, null, Map.class)
                .getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        List<ConsumerRecord<String, byte[]>> again = topic.readUntil(copies(2), Duration.ofSeconds(60));
        assertAllUpcast(again);
        for (String id : EVENT_IDS) {
            List<JsonNode> payloads = again.stream().filter(r -> id.equals(header(r, "axon-message-id")))
                    .map(r -> read(r.value())).toList();
            assertThat(payloads).hasSize(2).allMatch(payloads.get(0)::equals);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> "DONE".equals(http.withBasicAuth(RealServers.OPERATOR,
                RealServers.OPERATOR_PASSWORD).getForObject("/api/operations/republish", Map.class).get("state")));
    }

    private void assertAllUpcast(List<ConsumerRecord<String, byte[]>> records) {
        List<ConsumerRecord<String, byte[]>> history = records.stream()
                .filter(r -> EVENT_IDS.contains(header(r, "axon-message-id"))).toList();
        assertThat(history).isNotEmpty().allSatisfy(record -> {
            if (SOLD.equals(header(record, "axon-message-type"))) {
                assertThat(header(record, "axon-message-revision")).isEqualTo("2");
                assertThat(read(record.value()).get("flavour").asText()).isEqualTo("classic");
            } else {
                assertThat(header(record, "axon-message-revision")).isEqualTo("1");
                assertThat(read(record.value()).has("flavour")).isFalse();
            }
        });
    }

    private static Predicate<List<ConsumerRecord<String, byte[]>>> copies(int each) {
        return read -> EVENT_IDS.stream().allMatch(id ->
                read.stream().filter(r -> id.equals(header(r, "axon-message-id"))).count() >= each);
    }

    private JsonNode read(byte[] value) {
        try {
            return json.readTree(value);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
