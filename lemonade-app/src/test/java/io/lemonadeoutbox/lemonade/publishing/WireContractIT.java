package io.lemonadeoutbox.lemonade.publishing;

import static io.lemonadeoutbox.lemonade.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lemonadeoutbox.lemonade.RealServers;
import io.lemonadeoutbox.lemonade.TopicReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
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

    static final class SettableClock extends Clock {
        volatile Instant now = Instant.EPOCH;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
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

    @Test
    void publishedPayloadsAreExactlyTheContractExamples() throws Exception {
        clock.now = Instant.parse("2026-11-27T10:15:30Z");
        http.postForEntity("/api/sales", Map.of("saleId", "sale-0001", "customerName", "Ada Lovelace",
                "customerEmail", "ada@example.com", "cups", 2), Map.class);
        clock.now = Instant.parse("2026-11-27T10:20:00Z");
        http.postForEntity("/api/sales/sale-0001/refund", Map.of("reason", "Too sour"), Map.class);

        List<ConsumerRecord<String, byte[]>> records;
        try (TopicReader topic = new TopicReader(RealServers.INFRA.kafka().bootstrapServers(), publishing.topic())) {
            records = topic.readUntil(read -> read.size() >= 2, Duration.ofSeconds(60));
        }

        assertMatchesContract(records.get(0), "LemonadeSold");
        assertMatchesContract(records.get(1), "SaleRefunded");
    }

    private void assertMatchesContract(ConsumerRecord<String, byte[]> record, String event) throws Exception {
        assertThat(record.key()).isEqualTo("sale-0001");
        assertThat(header(record, "axon-message-type")).isEqualTo("io.lemonadeoutbox.lemonade.sale." + event);
        assertThat(header(record, "axon-message-revision")).isEqualTo("1");
        String example = Files.readString(CONTRACT.resolve(event + ".v1.json"));
        assertThat(json.readTree(record.value())).isEqualTo(json.readTree(example));
    }
}
