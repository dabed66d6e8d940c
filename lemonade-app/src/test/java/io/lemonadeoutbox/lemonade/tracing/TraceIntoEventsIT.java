package io.lemonadeoutbox.lemonade.tracing;

import static io.lemonadeoutbox.testkit.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.lemonadeoutbox.lemonade.PipelineTest;
import io.lemonadeoutbox.lemonade.RealServers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** The trace of the POST travels with the sale's events to Kafka, where thankyou-service continues it. */
class TraceIntoEventsIT extends PipelineTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Test
    void theCallersTraceIdReachesKafkaInTheEventsMetadata() {
        String saleId = RealServers.uniqueName("traced");
        HttpHeaders headers = new HttpHeaders();
        headers.set("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01");
        var body = Map.of("saleId", saleId, "customerName", "Ada Lovelace", "customerEmail", "ada@example.com",
                "cups", 1);

        assertThat(http.postForEntity("/api/sales", new HttpEntity<>(body, headers), Map.class).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
        refund(saleId, "Too sour");

        List<ConsumerRecord<String, byte[]>> records = topic.readUntil(
                read -> read.stream().filter(r -> r.key().equals(saleId)).count() == 2, Duration.ofSeconds(60));
        ConsumerRecord<String, byte[]> sold = records.stream().filter(r -> r.key().equals(saleId)).findFirst()
                .orElseThrow();
        assertThat(header(sold, "axon-metadata-traceparent")).startsWith("00-" + TRACE_ID + "-");
        assertThat(eventStore.ofAggregate(saleId).get(0).metadata().path("traceparent").asText())
                .startsWith("00-" + TRACE_ID + "-");
    }
}
