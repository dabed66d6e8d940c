package io.lemonadeoutbox.lemonade.publishing;

import static io.lemonadeoutbox.testkit.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lemonadeoutbox.lemonade.RealServers;
import io.lemonadeoutbox.testkit.SettableClock;
import io.lemonadeoutbox.testkit.TopicReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Pins the producing side of contract/lemonade.sales: what lands on the topic is exactly the example payload,
 * with the documented type and revision. thankyou-service pins the consuming side with the same files.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class WireContractIT {

    private static final Path CONTRACT = Path.of("..", "contract", "lemonade.sales");

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        RealServers.register(registry, "contract");
    }

    @TestConfiguration
    static class FixedTime {
        @Bean
        @Primary
        SettableClock settableClock() {
            return new SettableClock();
        }
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    SettableClock clock;
    @Autowired
    PublishingProperties publishing;
    @Autowired
    ObjectMapper json;

    @Autowired
    JdbcClient jdbc;

    /**
     * Revision 1 of LemonadeSold is now only ever in the store (this version writes revision 2): the example is
     * stored as a row exactly as the previous version wrote it, refunded through today's API (the aggregate loads it
     * through the upcaster), and goes on the wire upcast, as revision 2 with the classic flavour.
     */
    @Test
    void publishedPayloadsAreExactlyTheContractExamples() throws Exception {
        storeAsThePreviousVersionDid("sale-0001", Files.readString(CONTRACT.resolve("LemonadeSold.v1.json")).strip());
        clock.now = Instant.parse("2026-11-27T10:20:00Z");
        assertThat(http.postForEntity("/api/sales/sale-0001/refund", Map.of("reason", "Too sour"), Map.class)
                .getStatusCode().is2xxSuccessful()).isTrue();
        clock.now = Instant.parse("2026-11-27T10:15:30Z");
        http.postForEntity("/api/sales", Map.of("saleId", "sale-0002", "customerName", "Ada Lovelace",
                "customerEmail", "ada@example.com", "cups", 2, "flavour", "mint"), Map.class);

        List<ConsumerRecord<String, byte[]>> records;
        try (TopicReader topic = new TopicReader(RealServers.INFRA.kafka().bootstrapServers(), publishing.topic())) {
            records = topic.readUntil(read -> read.size() >= 3, Duration.ofSeconds(60));
        }

        ObjectNode v1Upcast = (ObjectNode) json.readTree(Files.readString(CONTRACT.resolve("LemonadeSold.v1.json")));
        v1Upcast.put("flavour", "classic");
        List<ConsumerRecord<String, byte[]>> first = records.stream().filter(r -> r.key().equals("sale-0001")).toList();
        assertMatches(first.get(0), "sale-0001", "LemonadeSold", "2", v1Upcast);
        assertMatchesContract(first.get(1), "sale-0001", "SaleRefunded", "1");
        assertMatchesContract(records.stream().filter(r -> r.key().equals("sale-0002")).findFirst().orElseThrow(),
                "sale-0002", "LemonadeSold", "2");
    }

    private void storeAsThePreviousVersionDid(String saleId, String payload) {
        jdbc.sql("""
                        insert into domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                            meta_data, payload, payload_revision, payload_type, time_stamp)
                        values (?, 0, 'Sale', ?, convert_to('{}', 'UTF8'), convert_to(?, 'UTF8'), '1',
                            'io.lemonadeoutbox.lemonade.sale.LemonadeSold', '2026-11-27T10:15:30Z')
                        """)
                .params(saleId, UUID.randomUUID().toString(), payload).update();
    }

    private void assertMatchesContract(ConsumerRecord<String, byte[]> record, String saleId, String event,
                                       String revision) throws Exception {
        assertMatches(record, saleId, event, revision,
                json.readTree(Files.readString(CONTRACT.resolve(event + ".v" + revision + ".json"))));
    }

    private void assertMatches(ConsumerRecord<String, byte[]> record, String saleId, String event, String revision,
                               JsonNode expected) throws Exception {
        assertThat(record.key()).isEqualTo(saleId);
        assertThat(header(record, "axon-message-type")).isEqualTo("io.lemonadeoutbox.lemonade.sale." + event);
        assertThat(header(record, "axon-message-revision")).isEqualTo(revision);
        assertThat(json.readTree(record.value())).isEqualTo(expected);
    }
}
