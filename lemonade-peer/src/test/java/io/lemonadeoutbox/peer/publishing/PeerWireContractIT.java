package io.lemonadeoutbox.peer.publishing;

import static io.lemonadeoutbox.testkit.TopicReader.header;
import static io.lemonadeoutbox.testkit.TopicReader.longHeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lemonadeoutbox.peer.PeerServers;
import io.lemonadeoutbox.testkit.SettableClock;
import io.lemonadeoutbox.testkit.TopicReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the peer puts on the topic is contract/lemonade.sales: key = sale id, exactly the contract's headers (and no
 * others) with their encodings, and exactly the example payloads; and each publication is marked complete once
 * Kafka acknowledged it.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class PeerWireContractIT {

    private static final Path CONTRACT = Path.of("..", "contract", "lemonade.sales");
    private static String topic;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        topic = PeerServers.register(registry, "contract");
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
    ObjectMapper json;
    @Autowired
    JdbcClient jdbc;

    @Test
    void recordsCarryTheContractKeyHeadersAndExamplePayloads() throws Exception {
        Instant soldAt = Instant.parse("2026-11-27T10:15:30Z");
        Instant refundedAt = Instant.parse("2026-11-27T10:20:00Z");
        clock.now = soldAt;
        ResponseEntity<Map> sold = http.postForEntity("/api/sales", Map.of("saleId", "sale-0001",
                "customerName", "Ada Lovelace", "customerEmail", "ada@example.com", "cups", 2), Map.class);
        assertThat(sold.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        clock.now = refundedAt;
        ResponseEntity<Map> refunded = http.postForEntity("/api/sales/sale-0001/refund",
                Map.of("reason", "Too sour"), Map.class);
        assertThat(refunded.getStatusCode()).isEqualTo(HttpStatus.OK);

        List<ConsumerRecord<String, byte[]>> records;
        try (TopicReader reader = new TopicReader(PeerServers.INFRA.kafka().bootstrapServers(), topic)) {
            records = reader.readUntil(read -> read.size() >= 2, Duration.ofSeconds(60));
        }

        // Matched by type, not by position: Modulith sends each event from its own executor thread, so a refund
        // that follows its sale closely can reach the topic first (seen on this machine; see README).
        assertThat(records).hasSize(2);
        Map<String, ConsumerRecord<String, byte[]>> byType = records.stream()
                .collect(Collectors.toMap(r -> header(r, WireContract.TYPE), r -> r));
        ConsumerRecord<String, byte[]> sale = byType.get("io.lemonadeoutbox.lemonade.sale.LemonadeSold");
        ConsumerRecord<String, byte[]> refund = byType.get("io.lemonadeoutbox.lemonade.sale.SaleRefunded");
        assertMatchesContract(sale, "LemonadeSold", 0, soldAt);
        assertMatchesContract(refund, "SaleRefunded", 1, refundedAt);
        assertThat(header(sale, WireContract.ID)).isNotEqualTo(header(refund, WireContract.ID));
        assertThat(sale.partition()).as("one sale, one partition").isEqualTo(refund.partition());

        await("both publications marked complete").atMost(Duration.ofSeconds(30)).until(() -> jdbc
                .sql("SELECT count(*) FROM event_publication WHERE completion_date IS NOT NULL")
                .query(Long.class).single() == 2L);
        assertThat(jdbc.sql("SELECT count(*) FROM event_publication").query(Long.class).single()).isEqualTo(2L);
    }

    private void assertMatchesContract(ConsumerRecord<String, byte[]> record, String event, long sequence,
                                       Instant at) throws Exception {
        assertThat(record).as(event + " record").isNotNull();
        assertThat(record.key()).isEqualTo("sale-0001");
        assertThat(record.headers().toArray()).extracting(Header::key).containsExactlyInAnyOrder(
                WireContract.ID, WireContract.TYPE, WireContract.REVISION, WireContract.AGGREGATE_ID,
                WireContract.AGGREGATE_TYPE, WireContract.SEQUENCE, WireContract.TIMESTAMP);
        assertThat(UUID.fromString(header(record, WireContract.ID))).isNotNull();
        assertThat(header(record, WireContract.TYPE)).isEqualTo("io.lemonadeoutbox.lemonade.sale." + event);
        assertThat(header(record, WireContract.REVISION)).isEqualTo("1");
        assertThat(header(record, WireContract.AGGREGATE_ID)).isEqualTo("sale-0001");
        assertThat(header(record, WireContract.AGGREGATE_TYPE)).isEqualTo("Sale");
        assertThat(TopicReader.bytes(record, WireContract.SEQUENCE)).hasSize(Long.BYTES);
        assertThat(longHeader(record, WireContract.SEQUENCE)).isEqualTo(sequence);
        assertThat(TopicReader.bytes(record, WireContract.TIMESTAMP)).hasSize(Long.BYTES);
        assertThat(longHeader(record, WireContract.TIMESTAMP)).isEqualTo(at.toEpochMilli());
        String example = Files.readString(CONTRACT.resolve(event + ".v1.json"));
        assertThat(json.readTree(record.value())).isEqualTo(json.readTree(example));
    }
}
