package io.lemonadeoutbox.thankyou;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import io.lemonadeoutbox.infra.Infrastructure;
import io.lemonadeoutbox.infra.SharedInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Real PostgreSQL and Kafka from local-infra, a database, topics and consumer group of its own per test class (per
 * application context for a {@link RealServersTest}), and records produced exactly as contract/lemonade.sales/README.md
 * says (headers included, 8-byte longs).
 */
public final class SalesTopicFixture implements AutoCloseable {

    public static final String LEMONADE_SOLD = "io.lemonadeoutbox.lemonade.sale.LemonadeSold";
    public static final String SALE_REFUNDED = "io.lemonadeoutbox.lemonade.sale.SaleRefunded";
    public static final int PARTITIONS = 3;

    public final String database;
    public final String topic;
    public final String deadLetterTopic;
    public final String groupId;
    private final Infrastructure infra = SharedInfrastructure.get();
    private KafkaProducer<String, byte[]> producer;

    public SalesTopicFixture(String testName) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        this.database = "thankyou_" + testName + "_" + suffix;
        this.topic = "lemonade.sales." + testName + "." + suffix;
        this.deadLetterTopic = topic + ".DLT";
        this.groupId = "thankyou-service-" + testName + "-" + suffix;
    }

    public void register(DynamicPropertyRegistry registry) {
        createTopic();
        registry.add("spring.datasource.url", () -> infra.postgres().jdbcUrl(database));
        registry.add("spring.datasource.username", infra.postgres()::username);
        registry.add("spring.datasource.password", infra.postgres()::password);
        registry.add("spring.kafka.bootstrap-servers", infra.kafka()::bootstrapServers);
        registry.add("spring.kafka.consumer.group-id", () -> groupId);
        registry.add("thankyou.topic", () -> topic);
        registry.add("thankyou.dead-letter-topic", () -> deadLetterTopic);
        registry.add("thankyou.retry.initial-interval", () -> "100ms");
        registry.add("thankyou.retry.max-retries", () -> "2");
    }

    private void createTopic() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafka().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("could not create topic " + topic, e);
        }
    }

    public static String sold(String saleId, String name, String email, int cups) {
        return """
                {"saleId":"%s","customer":{"name":"%s","email":"%s"},"cups":%d,\
                "unitPrice":{"cents":250,"currency":"EUR"},"total":{"cents":%d,"currency":"EUR"},\
                "soldAt":"2026-11-27T10:15:30Z"}""".formatted(saleId, name, email, cups, cups * 250);
    }

    public static String refunded(String saleId, String reason) {
        return """
                {"saleId":"%s","customer":{"name":"Ada Lovelace","email":"ada@example.com"},\
                "total":{"cents":500,"currency":"EUR"},"reason":"%s","refundedAt":"2026-11-27T10:20:00Z"}\
                """.formatted(saleId, reason);
    }

    /** A record as lemonade-app publishes it. */
    public ProducerRecord<String, byte[]> record(String eventId, String type, String saleId, long sequence, String json) {
        var headers = new RecordHeaders();
        headers.add("axon-message-id", utf8(eventId));
        headers.add("axon-message-type", utf8(type));
        headers.add("axon-message-revision", utf8("1"));
        headers.add("axon-message-aggregate-id", utf8(saleId));
        headers.add("axon-message-aggregate-type", utf8("Sale"));
        headers.add("axon-message-aggregate-seq", longBytes(sequence));
        headers.add("axon-message-timestamp", longBytes(Instant.now().toEpochMilli()));
        headers.add("axon-metadata-traceId", utf8("trace-" + eventId));
        return new ProducerRecord<>(topic, null, saleId, utf8(json), headers);
    }

    public ProducerRecord<String, byte[]> soldRecord(String eventId, String saleId, String name, int cups) {
        return record(eventId, LEMONADE_SOLD, saleId, 0, sold(saleId, name, name.toLowerCase().replace(' ', '.') + "@example.com", cups));
    }

    public RecordMetadata send(ProducerRecord<String, byte[]> record) {
        try {
            return producer().send(record).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("could not produce to " + record.topic(), e);
        }
    }

    /** Sends without waiting, for a backlog; the future completes when the broker acknowledged it. */
    public java.util.concurrent.CompletableFuture<RecordMetadata> sendAsync(ProducerRecord<String, byte[]> record) {
        var acknowledged = new java.util.concurrent.CompletableFuture<RecordMetadata>();
        producer().send(record, (metadata, failure) -> {
            if (failure != null) {
                acknowledged.completeExceptionally(failure);
            } else {
                acknowledged.complete(metadata);
            }
        });
        return acknowledged;
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafka().bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                    new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    /** Reads the dead-letter topic from its beginning; each call returns everything read so far. */
    public final class DeadLetterReader implements AutoCloseable {

        private final KafkaConsumer<String, byte[]> consumer;
        private final List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();

        DeadLetterReader() {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafka().bootstrapServers(),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                    new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(deadLetterTopic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(deadLetterTopic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        public List<ConsumerRecord<String, byte[]>> all() {
            consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            return List.copyOf(read);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    public DeadLetterReader deadLetterReader() {
        return new DeadLetterReader();
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] longBytes(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close();
        }
    }
}
