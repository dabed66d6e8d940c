package io.lemonadeoutbox.lemonade.publishing.monitoring;

import com.github.benmanes.caffeine.cache.LoadingCache;
import io.lemonadeoutbox.lemonade.publishing.PublishingProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * The topic's end offset per partition (how many records it holds), asked of the broker at most once a second.
 * When Kafka is down the answer says so instead of failing the page that shows it. thankyou-service's
 * {@code ConsumerLag} asks the broker the same way; each keeps its own, as the services share only the wire contract
 * and HTTP conventions (ArchitectureTest).
 */
@Component
class KafkaEndOffsets implements DisposableBean {

    private static final Duration TIMEOUT = Duration.ofMillis(1500);

    /** @param endOffsets partition to end offset; empty with {@code error} set when the broker did not answer */
    record TopicOffsets(String topic, Map<Integer, Long> endOffsets, String error) {
    }

    private final Admin admin;
    private final String topic;
    private final LoadingCache<String, TopicOffsets> offsets;

    KafkaEndOffsets(KafkaAdmin kafkaAdmin, PublishingProperties publishing, Clock clock) {
        Map<String, Object> config = new java.util.HashMap<>(kafkaAdmin.getConfigurationProperties());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "lemonade-app-pipeline");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        this.admin = Admin.create(config);
        this.topic = publishing.topic();
        this.offsets = PublishingMonitor.freshFor(clock).build(topic -> ask());
    }

    TopicOffsets get() {
        return offsets.get(topic);
    }

    private TopicOffsets ask() {
        try {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<Integer, Long> byPartition = new TreeMap<>();
            ends.forEach((partition, info) -> byPartition.put(partition.partition(), info.offset()));
            return new TopicOffsets(topic, byPartition, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TopicOffsets(topic, Map.of(), "interrupted");
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            return new TopicOffsets(topic, Map.of(), "Kafka did not answer: " + cause.getClass().getSimpleName());
        }
    }

    @Override
    public void destroy() {
        admin.close(Duration.ofSeconds(2));
    }
}
