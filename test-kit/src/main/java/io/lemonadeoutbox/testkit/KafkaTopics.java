package io.lemonadeoutbox.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plain Kafka clients on one broker, for what a test does to topics from outside: send raw records, create and delete
 * topics, look at their offsets. (Reading a topic is {@link TopicReader}'s job.)
 * {@link #send} uses a producer of its own per record and waits for the broker's acknowledgement, so a broker restart
 * between two sends costs nothing and there is nothing to close; {@link #sendAsync} shares one producer, for a
 * backlog, which {@link #close()} closes.
 */
public final class KafkaTopics implements AutoCloseable {

    private static final Duration CALL = Duration.ofSeconds(30);
    private final String bootstrapServers;
    private final Duration maxBlock;
    private final boolean failFast;
    private KafkaProducer<String, byte[]> shared;

    public KafkaTopics(String bootstrapServers) {
        this(bootstrapServers, CALL, false);
    }

    /**
     * For tests of a broker that may be away: a send waits at most {@code maxBlock} for metadata, and gives up on a
     * request after 5 s and on the record after 10 s.
     */
    public KafkaTopics(String bootstrapServers, Duration maxBlock) {
        this(bootstrapServers, maxBlock, true);
    }

    private KafkaTopics(String bootstrapServers, Duration maxBlock, boolean failFast) {
        this.bootstrapServers = bootstrapServers;
        this.maxBlock = maxBlock;
        this.failFast = failFast;
    }

    /** Sends one record and waits for the broker's acknowledgement (all replicas). */
    public RecordMetadata send(ProducerRecord<String, byte[]> record) {
        KafkaProducer<String, byte[]> producer = producer();
        try {
            return producer.send(record).get(CALL.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not send to " + record.topic(), e);
        } finally {
            producer.close(Duration.ofSeconds(5)); // bounded: with the broker away nothing would end it
        }
    }

    /** A UTF-8 text value with this key (null for none) to the topic, acknowledged. */
    public RecordMetadata send(String topic, String key, String value) {
        return send(new ProducerRecord<>(topic, key, SaleRecords.utf8(value)));
    }

    /** An exact copy of a record already on the topic: same partition, key, value and headers. */
    public RecordMetadata resend(ConsumerRecord<String, byte[]> original) {
        return send(new ProducerRecord<>(original.topic(), original.partition(), original.key(), original.value(),
                original.headers()));
    }

    /** Sends without waiting, for a backlog; the future completes when the broker acknowledged the record. */
    public CompletableFuture<RecordMetadata> sendAsync(ProducerRecord<String, byte[]> record) {
        CompletableFuture<RecordMetadata> acknowledged = new CompletableFuture<>();
        sharedProducer().send(record, (metadata, failure) -> {
            if (failure != null) {
                acknowledged.completeExceptionally(failure);
            } else {
                acknowledged.complete(metadata);
            }
        });
        return acknowledged;
    }

    /** The sum of the partitions' end offsets: how many records were ever appended (nothing is compacted). */
    public long endOffsetSum(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, CALL).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            return consumer.endOffsets(partitions, CALL).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public int partitionCount(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            return consumer.partitionsFor(topic, CALL).size();
        }
    }

    /** Creates the topic with one replica per partition; throws if it cannot. */
    public void createTopic(String topic, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all()
                    .get(CALL.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topic " + topic, e);
        }
    }

    /** Creates the topic; false while the broker still finishes deleting an older one of that name. */
    public boolean tryCreateTopic(String topic, int partitions) {
        try {
            createTopic(topic, partitions);
            return true;
        } catch (IllegalStateException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e;
            }
            return false;
        }
    }

    public void deleteTopic(String topic) {
        try (Admin admin = admin()) {
            admin.deleteTopics(List.of(topic)).all().get(CALL.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not delete " + topic, e);
        }
    }

    /** Sets one of the topic's own configs ({@code max.message.bytes}, ...); {@code null} removes it (the default). */
    public void setTopicConfig(String topic, String name, String value) {
        AlterConfigOp change = value == null
                ? new AlterConfigOp(new ConfigEntry(name, ""), AlterConfigOp.OpType.DELETE)
                : new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
        try (Admin admin = admin()) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(change)))
                    .all().get(CALL.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not set " + name + " of " + topic, e);
        }
    }

    private synchronized KafkaProducer<String, byte[]> sharedProducer() {
        if (shared == null) {
            shared = producer();
        }
        return shared;
    }

    private KafkaProducer<String, byte[]> producer() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) maxBlock.toMillis());
        if (failFast) {
            properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
            properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        }
        return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    private Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL.toMillis()));
    }

    @Override
    public synchronized void close() {
        if (shared != null) {
            shared.close(Duration.ofSeconds(5));
        }
    }
}
