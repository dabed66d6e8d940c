package io.lemonadeoutbox.thankyou.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lemonadeoutbox.thankyou.RealServersTest;
import io.lemonadeoutbox.thankyou.SalesTopicFixture;
import io.lemonadeoutbox.thankyou.card.CardRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.test.context.TestPropertySource;

/**
 * The topic is deleted and created again, and the group's committed offsets point into the new topic as they did
 * into the old one (what a consumer paused across the loss commits when it resumes; seen in the fault campaign, seed
 * 11, where a partition resumed at offset 47 of the new topic and 11 events were never received). Every sale on the
 * new topic is carded, those below the stale offset too: the partition is read again from its beginning.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@TestPropertySource(properties = "thankyou.test.context=topic-recreated") // a topic of its own: this one is deleted
class TopicRecreatedIT extends RealServersTest {

    private static final long STALE_OFFSET = 5;

    @Autowired CardRepository cards;
    @Autowired KafkaListenerEndpointRegistry listeners;
    @Autowired KafkaAdmin kafkaAdmin;

    @Test
    void salesBelowAStaleCommittedOffsetOnARecreatedTopicAreStillCarded() throws Exception {
        List<String> before = sell(12);
        await().atMost(Duration.ofSeconds(30)).until(() -> before.stream().allMatch(id -> cards.find(id).isPresent()));

        var container = listeners.getListenerContainer("thankyou-sales");
        container.stop();
        try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
            admin.deleteTopics(List.of(sales.topic)).all().get();
            await("the topic gone").atMost(Duration.ofSeconds(30))
                    .until(() -> !admin.listTopics().names().get().contains(sales.topic));
            await("the topic created again").atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                    admin.createTopics(List.of(new NewTopic(sales.topic, SalesTopicFixture.PARTITIONS, (short) 1)))
                            .all().get());
            Map<TopicPartition, OffsetAndMetadata> stale = new HashMap<>();
            for (int partition = 0; partition < SalesTopicFixture.PARTITIONS; partition++) {
                stale.put(new TopicPartition(sales.topic, partition), new OffsetAndMetadata(STALE_OFFSET));
            }
            await("the old offsets committed into the new topic").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .untilAsserted(() -> admin.alterConsumerGroupOffsets(sales.groupId, stale).all().get());
        }
        List<String> after = sell(45); // more than the stale offset in every partition, so none is out of range
        container.start();

        await("every sale on the new topic carded, those below the stale offset too").atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(after.stream().filter(id -> cards.find(id).isEmpty()).toList())
                        .isEmpty());
    }

    private List<String> sell(int count) {
        List<String> saleIds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String saleId = "recreated-" + UUID.randomUUID();
            sales.send(sales.soldRecord(UUID.randomUUID().toString(), saleId, "Ada Lovelace", 1));
            saleIds.add(saleId);
        }
        return saleIds;
    }
}
