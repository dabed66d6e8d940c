package io.lemonadeoutbox.bench;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What this machine can do without our code: single-row appends to a copy of the event table (one transaction per
 * insert, like one sale; see {@link EventStoreCopy}) and Kafka sends with the publisher's settings, waiting for each ack or pipelined.
 */
final class RawLimits {

    record Shape(int payloadBytes, int metaDataBytes) {
    }

    private RawLimits() {
    }

    /**
     * Appends/s with {@code clients} connections, each inserting one row per transaction for {@code duration}, into
     * the {@code domain_event_entry} of a database {@link EventStoreCopy} has migrated.
     */
    static double appendsPerSecond(String jdbcUrl, String user, String password, Shape shape, int clients,
                                   Duration duration) throws Exception {
        byte[] payload = filler(shape.payloadBytes());
        byte[] metaData = filler(shape.metaDataBytes());
        AtomicLong appended = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Thread t = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
                     PreparedStatement insert = c.prepareStatement("""
                             insert into domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                               meta_data, payload, payload_revision, payload_type, time_stamp)
                             values (?, 0, 'Sale', ?, ?, ?, '1', 'io.lemonadeoutbox.lemonade.sale.LemonadeSold', ?)""")) {
                    c.setAutoCommit(true);
                    ready.countDown();
                    go.await();
                    long end = window[1];
                    while (System.nanoTime() < end) {
                        insert.setString(1, UUID.randomUUID().toString());
                        insert.setString(2, UUID.randomUUID().toString());
                        insert.setBytes(3, metaData);
                        insert.setBytes(4, payload);
                        insert.setString(5, Instant.now().toString());
                        insert.executeUpdate();
                        appended.incrementAndGet();
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                    ready.countDown();
                }
            }, "raw-append-" + i);
            threads.add(t);
            t.start();
        }
        ready.await();
        window[0] = System.nanoTime();
        window[1] = window[0] + duration.toNanos();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return appended.get() / seconds(System.nanoTime() - window[0]);
    }

    /** The publisher's producer settings: acks=all, idempotent, linger 0 (Kafka 3.9's default). */
    static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-raw");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    static void createTopic(String bootstrap, String topic, int partitions, java.util.Map<String, String> config)
            throws Exception {
        try (Admin admin = Admin.create(java.util.Map.of("bootstrap.servers", bootstrap))) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(config)))
                        .all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Sends/s when each send waits for its ack before the next, as the publisher's WAIT_FOR_ACK mode does. */
    static double kafkaAckedSendsPerSecond(KafkaProducer<String, byte[]> producer, String topic, Shape shape,
                                           int threads, Duration duration) throws Exception {
        byte[] payload = filler(shape.payloadBytes());
        AtomicLong sent = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        producer.send(record(topic, payload)).get(10, TimeUnit.SECONDS);
                        sent.incrementAndGet();
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, "raw-kafka-" + i);
            workers.add(t);
            t.start();
        }
        for (Thread t : workers) {
            t.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return sent.get() / seconds(System.nanoTime() - start);
    }

    /** Sends/s when sends do not wait for each other (acks still all, counted when acknowledged). */
    static double kafkaPipelinedSendsPerSecond(KafkaProducer<String, byte[]> producer, String topic, Shape shape,
                                               Duration duration) throws Exception {
        byte[] payload = filler(shape.payloadBytes());
        AtomicLong acked = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        Future<RecordMetadata> last = null;
        while (System.nanoTime() < end && failure.get() == null) {
            last = producer.send(record(topic, payload), (metadata, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                } else {
                    acked.incrementAndGet();
                }
            });
        }
        producer.flush();
        if (last != null) {
            last.get(30, TimeUnit.SECONDS);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return acked.get() / seconds(System.nanoTime() - start);
    }

    /** Same size and header names as a published event, so the broker does the same work per record. */
    private static ProducerRecord<String, byte[]> record(String topic, byte[] payload) {
        String id = UUID.randomUUID().toString();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, id, payload);
        record.headers()
                .add(new RecordHeader("axon-message-id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8)))
                .add(new RecordHeader("axon-message-type",
                        "io.lemonadeoutbox.lemonade.sale.LemonadeSold".getBytes(StandardCharsets.UTF_8)))
                .add(new RecordHeader("axon-message-revision", "1".getBytes(StandardCharsets.UTF_8)))
                .add(new RecordHeader("axon-message-aggregate-id", id.getBytes(StandardCharsets.UTF_8)))
                .add(new RecordHeader("axon-message-aggregate-type", "Sale".getBytes(StandardCharsets.UTF_8)))
                .add(new RecordHeader("axon-message-aggregate-seq", new byte[8]))
                .add(new RecordHeader("axon-message-timestamp", new byte[8]));
        return record;
    }

    private static byte[] filler(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        return bytes;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
