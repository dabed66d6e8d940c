package io.lemonadeoutbox.testkit;

import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic from the beginning as any consumer of the contract would: a plain consumer that joins no
 * group, commits nothing and sees committed records only. The read methods keep what they read, so each returns
 * everything from the beginning; {@link #nextRecords()} does not, for a reader that follows a topic for hours.
 */
public final class TopicReader implements AutoCloseable {

    private static final Duration CALL = Duration.ofSeconds(30);
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

    /** Waits (up to a minute) for the topic to exist, then reads it from the start of every partition. */
    public TopicReader(String bootstrapServers, String topic) {
        this(bootstrapServers, topic, Duration.ofSeconds(60));
    }

    /** A reader of what arrives from now on at a topic that exists: it starts at the current end of every partition. */
    public static TopicReader fromNow(String bootstrapServers, String topic) {
        TopicReader reader = new TopicReader(bootstrapServers, topic, Duration.ZERO);
        reader.consumer.seekToEnd(reader.consumer.assignment());
        reader.consumer.assignment().forEach(partition -> reader.consumer.position(partition, CALL));
        return reader;
    }

    private TopicReader(String bootstrapServers, String topic, Duration waitForTopic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<PartitionInfo> partitions = waitForTopic.isZero()
                ? consumer.partitionsFor(topic, CALL)
                : await("topic " + topic + " exists").atMost(waitForTopic).until(
                        () -> consumer.partitionsFor(topic, Duration.ofSeconds(5)), p -> p != null && !p.isEmpty());
        List<TopicPartition> assigned = partitions == null ? List.of() : partitions.stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
    }

    /**
     * Every record now on the topic, from the start of each partition to its current end, with a reader of its own;
     * none when the topic does not exist (yet), so a caller can wait for what it expects there.
     */
    public static List<ConsumerRecord<String, byte[]>> readAll(String bootstrapServers, String topic) {
        try (TopicReader reader = new TopicReader(bootstrapServers, topic, Duration.ZERO)) {
            return reader.readToEnd();
        }
    }

    /**
     * Waits (up to 30 s) until every expected value, as UTF-8 text, was read from the start of the topic, with a
     * reader of its own; returns all values read.
     */
    public static List<String> awaitValues(String bootstrapServers, String topic, Collection<String> expected) {
        try (TopicReader reader = new TopicReader(bootstrapServers, topic)) {
            return valuesOf(reader.readUntil(read -> valuesOf(read).containsAll(expected), Duration.ofSeconds(30)));
        }
    }

    /** Polls until {@code done} holds for everything read so far. */
    public List<ConsumerRecord<String, byte[]>> readUntil(Predicate<List<ConsumerRecord<String, byte[]>>> done,
                                                          Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            return done.test(records);
        });
        return List.copyOf(records);
    }

    public List<ConsumerRecord<String, byte[]>> readUntilKeys(Collection<String> keys, Duration atMost) {
        return readUntil(read -> keysOf(read).containsAll(keys), atMost);
    }

    /**
     * Everything up to the topic's end as it is now. Records of one poll may come from some partitions only, so
     * seeing one key does not mean the records before it on other partitions were read.
     */
    public List<ConsumerRecord<String, byte[]>> readToEnd() {
        if (consumer.assignment().isEmpty()) {
            return List.copyOf(records);
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), CALL);
        await("reading to the end offsets " + ends).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                    return ends.entrySet().stream()
                            .allMatch(end -> consumer.position(end.getKey(), CALL) >= end.getValue());
                });
        return List.copyOf(records);
    }

    /** Everything read from the beginning up to {@code period} from now. */
    public List<ConsumerRecord<String, byte[]>> readFor(Duration period) {
        long end = System.nanoTime() + period.toNanos();
        while (System.nanoTime() < end) {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        }
        return List.copyOf(records);
    }

    /** One poll, then everything read so far: what has arrived, without waiting for anything in particular. */
    public List<ConsumerRecord<String, byte[]>> readAvailable() {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return List.copyOf(records);
    }

    /** The records one poll brings, not kept: for a reader that follows a topic and counts instead of keeping. */
    public List<ConsumerRecord<String, byte[]>> nextRecords() {
        List<ConsumerRecord<String, byte[]>> next = new ArrayList<>();
        consumer.poll(Duration.ofMillis(200)).forEach(next::add);
        return next;
    }

    /** The {@code axon-message-type} of each record of one sale, in the order the topic holds them. */
    public static List<String> typesOf(List<ConsumerRecord<String, byte[]>> records, String saleId) {
        return records.stream().filter(r -> r.key().equals(saleId))
                .map(r -> header(r, SaleRecords.TYPE)).toList();
    }

    public static Set<String> keysOf(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
    }

    /** The values as UTF-8 text, in the order read. */
    public static List<String> valuesOf(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }

    /** Each key's records in the order a consumer of its partition sees them. */
    public static Map<String, List<ConsumerRecord<String, byte[]>>> byKey(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, List<ConsumerRecord<String, byte[]>>> byKey = new LinkedHashMap<>();
        records.stream()
                .sorted(Comparator.<ConsumerRecord<String, byte[]>>comparingInt(ConsumerRecord::partition)
                        .thenComparingLong(ConsumerRecord::offset))
                .forEach(record -> byKey.computeIfAbsent(record.key(), key -> new ArrayList<>()).add(record));
        return byKey;
    }

    /** The last header of that name as UTF-8 text, or null. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The last header of that name as it is, or null. */
    public static byte[] bytes(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : header.value();
    }

    /** A header the contract writes as an 8-byte big-endian long. */
    public static long longHeader(ConsumerRecord<?, ?> record, String name) {
        return ByteBuffer.wrap(bytes(record, name)).getLong();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
