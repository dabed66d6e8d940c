package io.lemonadeoutbox.thankyou.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lemonadeoutbox.infra.SharedInfrastructure;
import io.lemonadeoutbox.thankyou.SalesTopicFixture;
import io.lemonadeoutbox.thankyou.card.CardRepository;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * G1 across an outage of our own database: records that arrive while it is unreachable are retried until it is
 * back, not dead-lettered as records that fail on their own are. Health says so too, and /api/pipeline lists the
 * partitions that wait. Negative control: {@code -Dthankyou.unsafe.no-outage-retry=true} (with the permit
 * {@code LEMONADE_UNSAFE_SWITCHES=negative-control}) dead-letters them and this test fails.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DatabaseOutageIT {

    static final SalesTopicFixture sales = new SalesTopicFixture("outage");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        sales.register(registry);
        registry.add("spring.datasource.hikari.connection-timeout", () -> "1000");
    }

    @AfterAll
    static void closeProducer() {
        sales.close();
    }

    @Autowired CardRepository cards;
    @Autowired DeadLetters deadLetters;
    @Autowired @Qualifier("dbHealthContributor") HealthContributor database;
    @Autowired ConsumerHealth consumer;
    @Autowired TestRestTemplate http;
    @Autowired KafkaListenerEndpointRegistry containers;
    @Autowired PartitionMoves partitionMoves;

    @AfterEach
    void databaseIsBack() {
        SharedInfrastructure.get().postgres().acceptConnections(sales.database);
    }

    @Test
    void everyListenerContainerForgetsTheWaitsOfPartitionsARebalanceTakesAway() {
        assertThat(containers.getListenerContainers()).isNotEmpty().allSatisfy(container ->
                assertThat(container.getContainerProperties().getConsumerRebalanceListener())
                        .isSameAs(partitionMoves));
    }

    @Test
    void salesArrivingWhileTheDatabaseIsDownAreCardedOnceItIsBack() throws Exception {
        String before = "outage-" + UUID.randomUUID();
        sales.send(sales.soldRecord(UUID.randomUUID().toString(), before, "Ada Lovelace", 1));
        await().atMost(Duration.ofSeconds(60)).until(() -> cards.find(before).isPresent());

        SharedInfrastructure.get().postgres().refuseConnections(sales.database);
        List<String> during = IntStream.range(0, 5).mapToObj(i -> "outage-" + UUID.randomUUID()).toList();
        during.forEach(saleId -> sales.send(sales.soldRecord(UUID.randomUUID().toString(), saleId, "Grace Hopper", 2)));

        assertThat(((HealthIndicator) database).health().getStatus()).isEqualTo(Status.DOWN);
        await("the waiting partitions are listed").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode pipeline = new ObjectMapper().readTree(http.getForObject("/api/pipeline", String.class));
            assertThat(pipeline.path("stalledPartitions")).isNotEmpty().allSatisfy(wait -> {
                assertThat(wait.path("why").asText()).isEqualTo("WAITING_FOR_DATABASE");
                assertThat(wait.path("reason").asText()).startsWith("the database is unavailable");
            });
            assertThat(pipeline.path("databaseError").asText()).isNotBlank();
        });
        assertThat(consumer.health().getStatus()).isEqualTo(Status.DOWN);
        // the test's retry budget (2 retries, 100 ms apart) is spent many times over while this holds
        try (var deadLetterTopic = sales.deadLetterReader()) {
            await("nothing dead-lettered during the outage").during(Duration.ofSeconds(8))
                    .atMost(Duration.ofSeconds(15)).until(() -> deadLetterTopic.readAvailable().isEmpty());
        }
        SharedInfrastructure.get().postgres().acceptConnections(sales.database);

        await().atMost(Duration.ofSeconds(90)).ignoreExceptions() // the pool reconnects on its own time
                .until(() -> during.stream().allMatch(id -> cards.find(id).isPresent()));
        assertThat(deadLetters.newestFirst(false, 100)).isEmpty();
        assertThat(((HealthIndicator) database).health().getStatus()).isEqualTo(Status.UP);
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.waits().isEmpty());
        assertThat(consumer.health().getStatus()).isEqualTo(Status.UP);
    }
}
