package io.lemonadeoutbox.thankyou;

import io.lemonadeoutbox.infra.Infrastructure;
import io.lemonadeoutbox.infra.SharedInfrastructure;
import io.lemonadeoutbox.testkit.KafkaTopics;
import io.lemonadeoutbox.testkit.SaleRecords;
import io.lemonadeoutbox.testkit.TopicReader;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Real PostgreSQL and Kafka from local-infra, a database, topics and consumer group of its own per test class (per
 * application context for a {@link RealServersTest}), and records produced exactly as contract/lemonade.sales/README.md
 * says ({@link SaleRecords}), through the test kit's clients.
 */
public final class SalesTopicFixture implements AutoCloseable {

    public static final int PARTITIONS = 3;

    public final String database;
    public final String topic;
    public final String deadLetterTopic;
    public final String groupId;
    private final Infrastructure infra = SharedInfrastructure.get();
    private final KafkaTopics kafka = new KafkaTopics(infra.kafka().bootstrapServers());

    public SalesTopicFixture(String testName) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        this.database = "thankyou_" + testName + "_" + suffix;
        this.topic = "lemonade.sales." + testName + "." + suffix;
        this.deadLetterTopic = topic + ".DLT";
        this.groupId = "thankyou-service-" + testName + "-" + suffix;
    }

    public void register(DynamicPropertyRegistry registry) {
        kafka.createTopic(topic, PARTITIONS);
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

    /** A record on this fixture's topic as lemonade-app publishes it, with a trace id in its metadata. */
    public ProducerRecord<String, byte[]> record(String eventId, String type, String saleId, long sequence, String json) {
        RecordHeaders headers = SaleRecords.headers(eventId, type, saleId, sequence);
        headers.add("axon-metadata-traceId", SaleRecords.utf8("trace-" + eventId));
        return new ProducerRecord<>(topic, null, saleId, SaleRecords.utf8(json), headers);
    }

    public ProducerRecord<String, byte[]> soldRecord(String eventId, String saleId, String name, int cups) {
        return record(eventId, SaleRecords.LEMONADE_SOLD, saleId, 0,
                SaleRecords.soldJson(saleId, name, name.toLowerCase().replace(' ', '.') + "@example.com", cups));
    }

    /** Sends on the fixture's one producer and waits for the broker's acknowledgement. */
    public RecordMetadata send(ProducerRecord<String, byte[]> record) {
        try {
            return kafka.sendAsync(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not produce to " + record.topic(), e);
        }
    }

    /** Sends without waiting, for a backlog; the future completes when the broker acknowledged it. */
    public CompletableFuture<RecordMetadata> sendAsync(ProducerRecord<String, byte[]> record) {
        return kafka.sendAsync(record);
    }

    /** Reads the dead-letter topic from its beginning. */
    public TopicReader deadLetterReader() {
        return new TopicReader(infra.kafka().bootstrapServers(), deadLetterTopic);
    }

    @Override
    public void close() {
        kafka.close();
    }
}
