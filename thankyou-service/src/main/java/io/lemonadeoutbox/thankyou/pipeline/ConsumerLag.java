package io.lemonadeoutbox.thankyou.pipeline;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.time.Duration;
import java.util.HashMap;
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
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * The consumer group's committed offset against the topic's end offset, per partition, asked of the broker at most
 * once a second. A partition the group never committed counts from the partition's beginning (auto-offset-reset
 * earliest). When Kafka is down the answer says so instead of failing. lemonade-app's {@code KafkaEndOffsets} asks
 * the broker the same way; each keeps its own, as the services share only the wire contract and HTTP conventions.
 */
@Component
class ConsumerLag implements DisposableBean {

    private static final Duration TIMEOUT = Duration.ofMillis(1500);
    private static final Duration FRESH_FOR = Duration.ofSeconds(1);

    record PartitionLag(int partition, long committedOffset, long endOffset, long lag) {
    }

    record GroupLag(String group, String topic, List<PartitionLag> partitions, long totalLag, String error) {
    }

    private final Admin admin;
    private final String group;
    private final String topic;
    private final LoadingCache<String, GroupLag> lag = Caffeine.newBuilder().expireAfterWrite(FRESH_FOR)
            .build(topic -> ask());

    ConsumerLag(KafkaAdmin kafkaAdmin, KafkaProperties kafka,
                @Value("${thankyou.topic}") String topic) {
        Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "thankyou-service-pipeline");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        this.admin = Admin.create(config);
        this.group = kafka.getConsumer().getGroupId();
        this.topic = topic;
    }

    GroupLag get() {
        return lag.get(topic);
    }

    private GroupLag ask() {
        try {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, ListOffsetsResultInfo> ends = offsets(partitions, OffsetSpec.latest());
            Map<TopicPartition, ListOffsetsResultInfo> starts = offsets(partitions, OffsetSpec.earliest());
            Map<Integer, PartitionLag> byPartition = new TreeMap<>();
            for (TopicPartition partition : partitions) {
                long end = ends.get(partition).offset();
                OffsetAndMetadata offset = committed.get(partition);
                long position = offset != null ? offset.offset() : starts.get(partition).offset();
                byPartition.put(partition.partition(),
                        new PartitionLag(partition.partition(), position, end, Math.max(0, end - position)));
            }
            List<PartitionLag> lags = List.copyOf(byPartition.values());
            return new GroupLag(group, topic, lags, lags.stream().mapToLong(PartitionLag::lag).sum(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new GroupLag(group, topic, List.of(), -1, "interrupted");
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            return new GroupLag(group, topic, List.of(), -1, "Kafka did not answer: " + cause.getClass().getSimpleName());
        }
    }

    private Map<TopicPartition, ListOffsetsResultInfo> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(p -> request.put(p, spec));
        return admin.listOffsets(request).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        admin.close(Duration.ofSeconds(2));
    }
}
