package io.lemonadeoutbox.thankyou.inbox;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Tells a topic from the one that had its name before it (Kafka's topic id), per partition: the id each partition
 * was last read from is kept in {@code consumed_topic}. Offsets belong to one incarnation; after a topic loss a
 * committed offset can still point into the new one (a consumer paused across the loss commits its old position
 * when it resumes), and records below it would never be read. {@link SalesListener} reads such a partition again
 * from its beginning; the inbox drops what it already applied.
 */
@Component
class TopicIncarnations {

    private static final Duration TIMEOUT = Duration.ofMillis(1500);

    private final Admin admin;
    private final JdbcClient jdbc;
    private final Map<TopicPartition, String> lastRead = new ConcurrentHashMap<>();
    // an answer is kept a second; a failure is not kept, so the next poll asks again
    private final LoadingCache<String, String> current = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(1)).build(this::ask);

    TopicIncarnations(KafkaAdmin kafkaAdmin, JdbcClient jdbc) {
        Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "thankyou-service-inbox");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        this.admin = Admin.create(config);
        this.jdbc = jdbc;
    }

    /** The topic's id now, at most a second old; empty when the broker cannot say (then nothing is decided). */
    Optional<String> current(String topic) {
        return Optional.ofNullable(current.get(topic));
    }

    /** The id this partition was last read from, by any instance; empty before the first read. */
    Optional<String> lastRead(TopicPartition partition) {
        String known = lastRead.get(partition);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> stored = jdbc.sql("select topic_id from consumed_topic where topic = ? and partition = ?")
                .params(partition.topic(), partition.partition()).query(String.class).optional();
        stored.ifPresent(id -> lastRead.put(partition, id));
        return stored;
    }

    void remember(TopicPartition partition, String topicId) {
        jdbc.sql("""
                insert into consumed_topic (topic, partition, topic_id) values (?, ?, ?)
                on conflict (topic, partition) do update set topic_id = excluded.topic_id""")
                .params(partition.topic(), partition.partition(), topicId).update();
        lastRead.put(partition, topicId);
    }

    /** Another instance may have moved the partition on meanwhile: read it from the database next time. */
    void forget(TopicPartition partition) {
        lastRead.remove(partition);
    }

    /** Right after a topic is created again the broker may not know it yet for a moment: a few tries. */
    private String ask(String topic) {
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return admin.describeTopics(List.of(topic)).topicNameValues().get(topic)
                        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).topicId().toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (Exception e) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }
        return null;
    }
}
