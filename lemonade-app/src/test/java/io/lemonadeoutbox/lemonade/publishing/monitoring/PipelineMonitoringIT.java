package io.lemonadeoutbox.lemonade.publishing.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lemonadeoutbox.lemonade.PipelineTest;
import io.lemonadeoutbox.lemonade.RealServers;
import io.lemonadeoutbox.lemonade.publishing.PublishingProperties;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** G5: the lag is visible (gauges, health, /api/pipeline, the published flag) and returns to 0 after a fault. */
class PipelineMonitoringIT extends PipelineTest {

    @Autowired
    ObjectMapper json;

    @AfterEach
    void brokerIsBack() {
        RealServers.INFRA.kafka().start();
    }

    @Test
    void onceSalesArePublishedEveryViewReportsNoLag() throws Exception {
        String saleId = RealServers.uniqueName("monitor");
        assertThat(sell(saleId, "Ada Lovelace", 2).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(refund(saleId, "Too sour").getStatusCode()).isEqualTo(HttpStatus.OK);
        topic.readUntil(read -> read.stream().filter(r -> r.key().equals(saleId)).count() >= 2, Duration.ofSeconds(60));

        long expectedHead = eventStore.headGlobalIndex().orElseThrow();
        // /api/pipeline is cached for a second: wait for a reading taken after this test's events were appended
        JsonNode pipeline = await("no lag on /api/pipeline").atMost(Duration.ofSeconds(60))
                .until(() -> get("/api/pipeline"), p -> p.at("/eventStore/headIndex").asLong() >= expectedHead
                        && p.at("/eventStore/unpublishedEvents").asLong() == 0
                        && p.at("/publisher/tokenIndex").asLong() >= p.at("/eventStore/headIndex").asLong());
        long head = pipeline.at("/eventStore/headIndex").asLong();
        assertThat(head).isEqualTo(expectedHead);
        assertThat(pipeline.at("/eventStore/oldestUnpublishedSeconds").asDouble()).isZero();
        assertThat(pipeline.at("/publisher/state").asText()).isEqualTo("running");
        assertThat(pipeline.at("/publisher/processor").asText()).isEqualTo(PublishingProperties.PROCESSOR);
        assertThat(pipeline.at("/topic/name").asText()).isEqualTo(publishing.topic());
        assertThat(pipeline.at("/topic/endOffsets").size()).isEqualTo(publishing.partitions());
        assertThat(pipeline.at("/topic/endOffsetsTotal").asLong()).isGreaterThanOrEqualTo(eventsInStore());
        assertThat(pipeline.at("/topic/error").isNull()).isTrue();

        JsonNode events = get("/api/sales/" + saleId + "/events");
        assertThat(events.findValuesAsText("published")).containsExactly("true", "true");
        assertThat(events.get(0).path("aggregateId").asText()).isEqualTo(saleId);
        assertThat(get("/api/events?after=" + (head - 1)).findValuesAsText("published")).containsExactly("true");

        await("gauges at 0").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String metrics = http.getForObject("/actuator/prometheus", String.class);
            assertThat(gauge(metrics, "lemonade_publishing_lag_events")).isZero();
            assertThat(gauge(metrics, "lemonade_publishing_lag_seconds")).isZero();
            assertThat(gauge(metrics, "lemonade_publishing_head_index")).isGreaterThanOrEqualTo(head);
            assertThat(gauge(metrics, "lemonade_publishing_token_index")).isGreaterThanOrEqualTo(head);
        });
        String metrics = http.getForObject("/actuator/prometheus", String.class);
        assertThat(metrics).as("Axon's processor metrics, tagged with the publisher's name")
                .containsPattern("(?m)^eventProcessor_\\w+\\{.*processorName=\"" + Pattern.quote(PublishingProperties.PROCESSOR) + "\"");

        JsonNode health = json.readTree(http.getForObject("/actuator/health", String.class));
        assertThat(health.at("/components/publishing/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/publishing/details/state").asText()).isEqualTo("running");
        assertThat(health.at("/components/publishing/details/unpublishedEvents").asLong()).isZero();
    }

    @Test
    void healthIsDownWhileTheDatabaseRefusesConnectionsAndUpOnceItIsBack() throws Exception {
        String database = jdbc.sql("select current_database()").query(String.class).single();
        try {
            RealServers.INFRA.postgres().refuseConnections(database);
            JsonNode down = await("health DOWN").atMost(Duration.ofSeconds(90))
                    .until(this::health, h -> "DOWN".equals(h.at("/components/db/status").asText()));
            assertThat(down.path("status").asText()).isEqualTo("DOWN");
        } finally {
            RealServers.INFRA.postgres().acceptConnections(database);
        }
        await("health UP again").atMost(Duration.ofSeconds(120)).ignoreExceptions()
                .until(this::health, h -> "UP".equals(h.path("status").asText()));
    }

    private JsonNode health() throws Exception {
        return json.readTree(http.getForEntity("/actuator/health", String.class).getBody());
    }

    @Test
    void whileKafkaIsDownTheLagGrowsAndThePublisherIsDownThenBothRecover() throws Exception {
        String before = RealServers.uniqueName("calm");
        sell(before, "Ada Lovelace", 1);
        topic.readUntilKeys(List.of(before), Duration.ofSeconds(60));

        RealServers.INFRA.kafka().stop();
        List<String> during = List.of(RealServers.uniqueName("storm"), RealServers.uniqueName("storm"));
        during.forEach(id -> assertThat(sell(id, "Grace Hopper", 1).getStatusCode()).isEqualTo(HttpStatus.CREATED));

        JsonNode lagging = await("lag while Kafka is down").atMost(Duration.ofSeconds(30))
                .until(() -> get("/api/pipeline"), p -> p.at("/eventStore/unpublishedEvents").asLong() >= 2
                        && p.at("/eventStore/oldestUnpublishedSeconds").asDouble() > 0);
        assertThat(lagging.at("/topic/error").asText()).startsWith("Kafka did not answer");
        assertThat(get("/api/sales/" + during.get(1) + "/events").findValuesAsText("published")).containsExactly("false");
        await("metrics show the lag").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(gauge(http.getForObject("/actuator/prometheus", String.class),
                        "lemonade_publishing_lag_events")).isGreaterThanOrEqualTo(2));
        JsonNode down = await("publisher reported in error").atMost(Duration.ofSeconds(120))
                .until(() -> json.readTree(http.getForEntity("/actuator/health", String.class).getBody()),
                        h -> "DOWN".equals(h.at("/components/publishing/status").asText()));
        assertThat(down.at("/components/publishing/details/state").asText()).isEqualTo("in error");
        assertThat(down.at("/components/publishing/details/errors/0").asText()).startsWith("segment 0: ");
        assertThat(down.at("/status").asText()).isEqualTo("DOWN");

        RealServers.INFRA.kafka().start();
        topic.readUntilKeys(during, Duration.ofSeconds(120));
        await("lag back to 0").atMost(Duration.ofSeconds(120))
                .until(() -> get("/api/pipeline"), p -> p.at("/eventStore/unpublishedEvents").asLong() == 0
                        && "running".equals(p.at("/publisher/state").asText()));
        await("health back up").atMost(Duration.ofSeconds(60)).until(() ->
                json.readTree(http.getForEntity("/actuator/health", String.class).getBody())
                        .at("/components/publishing/status").asText().equals("UP"));
        assertThat(get("/api/sales/" + during.get(1) + "/events").findValuesAsText("published")).containsExactly("true");
    }

    private JsonNode get(String path) throws Exception {
        ResponseEntity<String> response = http.getForEntity(path, String.class);
        assertThat(response.getStatusCode()).as(path + ": " + response.getBody()).isEqualTo(HttpStatus.OK);
        return json.readTree(response.getBody());
    }

    /** The value of an untagged gauge in Prometheus text format. */
    private static double gauge(String metrics, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? (\\S+)$").matcher(metrics);
        assertThat(matcher.find()).as(name + " in\n" + metrics).isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
