package io.lemonadeoutbox.lemonade;

import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import io.lemonadeoutbox.lemonade.eventstore.EventStoreReader;
import io.lemonadeoutbox.lemonade.publishing.PublishingProperties;
import io.lemonadeoutbox.lemonade.publishing.monitoring.PublishingToken;
import io.lemonadeoutbox.testkit.TopicReader;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole lemonade-app on real PostgreSQL and Kafka. Subclasses share one application context (and so one event
 * store and topic), so each test uses sale ids of its own.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
@AutoConfigureObservability // Boot switches metrics export and trace propagation off in tests unless asked for
public abstract class PipelineTest {

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        RealServers.register(registry, "pipeline");
    }

    @Autowired
    protected TestRestTemplate http;
    @Autowired
    protected JdbcClient jdbc;
    @Autowired
    protected EventStoreReader eventStore;
    @Autowired
    protected PublishingToken token;
    @Autowired
    protected PublishingProperties publishing;

    protected TopicReader topic;

    @BeforeEach
    void openTopic() {
        topic = new TopicReader(RealServers.INFRA.kafka().bootstrapServers(), publishing.topic());
    }

    @AfterEach
    void closeTopic() {
        topic.close();
    }

    protected ResponseEntity<Map> sell(String saleId, String name, int cups) {
        return http.postForEntity("/api/sales", Map.of("saleId", saleId, "customerName", name,
                "customerEmail", name.toLowerCase().replace(' ', '.') + "@example.com", "cups", cups), Map.class);
    }

    protected ResponseEntity<Map> refund(String saleId, String reason) {
        return http.postForEntity("/api/sales/" + saleId + "/refund", Map.of("reason", reason), Map.class);
    }

    protected long eventsInStore() {
        return jdbc.sql("select count(*) from domain_event_entry").query(Long.class).single();
    }
}
