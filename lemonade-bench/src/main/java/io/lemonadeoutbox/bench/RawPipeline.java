package io.lemonadeoutbox.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lemonadeoutbox.testkit.SaleRecords;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The same job as the pipeline with no framework in it, on the same servers: the limit a pipeline is judged against.
 * <ul>
 *   <li>appenders: plain JDBC, one {@code INSERT} of an event-store-shaped row (a real LemonadeSold's payload and
 *       metadata) into lemonade-app's own {@code domain_event_entry} (made by its migrations), each in its own
 *       transaction, {@code clients} at a time as the closed model's clients;</li>
 *   <li>a relay: one thread polls rows above its position in global_index order (the contiguous prefix; a gap is
 *       waited for up to 2 s, as a plain relay must or lose late commits), sends a batch of up to 100 with the
 *       publisher's producer settings, waits once for all the batch's acks, then stores its position;</li>
 *   <li>consumers: one per partition, a poll's records in one transaction, as thankyou-service writes them: inbox row
 *       (keyed by the event id, a duplicate is dropped) + card, in thankyou-service's own tables (made by its
 *       migrations); offsets committed after it.</li>
 * </ul>
 * Its threads are named {@code raw-pipeline-*}, so their CPU is counted apart from the benchmark's.
 */
final class RawPipeline implements AutoCloseable {

    static final String THREADS = "raw-pipeline-";
    private static final int BATCH = 100;
    private static final long GAP_WAIT_NANOS = 2_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One closed-model repetition of the raw pipeline. */
    record Result(String phase, long appended, double seconds, Histogram appendMicros, long startMillis) {
        double appendedPerSecond() {
            return appended / seconds;
        }
    }

    private final String eventsUrl;
    private final String cardsUrl;
    private final String user;
    private final String password;
    private final String topic;
    private final byte[] payload;
    private final byte[] metaData;
    private final KafkaProducer<String, byte[]> producer;
    private final List<Thread> threads = new ArrayList<>();
    private final List<KafkaConsumer<String, byte[]>> consumers = new ArrayList<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean running = true;

    RawPipeline(String eventsUrl, String cardsUrl, String user, String password, String bootstrap, String topic,
                byte[] payload, byte[] metaData, int partitions) throws SQLException {
        this.eventsUrl = eventsUrl;
        this.cardsUrl = cardsUrl;
        this.user = user;
        this.password = password;
        this.topic = topic;
        this.payload = payload;
        this.metaData = metaData;
        this.producer = RawLimits.producer(bootstrap);
        try (Connection c = DriverManager.getConnection(eventsUrl, user, password)) {
            c.createStatement().execute("create table if not exists raw_relay_position (id int primary key, "
                    + "global_index bigint not null)");
            c.createStatement().execute("insert into raw_relay_position values (1, 0) on conflict do nothing");
        }
        start("relay", this::relay);
        for (int i = 0; i < partitions; i++) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.GROUP_ID_CONFIG, "raw-pipeline");
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                    new ByteArrayDeserializer());
            consumer.subscribe(List.of(topic));
            consumers.add(consumer);
            start("consumer-" + i, () -> consume(consumer));
        }
    }

    /** {@code clients} appenders for {@code duration}; sale ids are {@code <phase>-<n>}. */
    Result closed(String phase, int clients, Duration duration) throws Exception {
        Recorder latencies = new Recorder(3);
        AtomicLong appended = new AtomicLong();
        AtomicLong sequence = new AtomicLong();
        long startMillis = System.currentTimeMillis();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Thread> appenders = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            appenders.add(start("append-" + phase + "-" + i, () -> {
                try (Connection c = DriverManager.getConnection(eventsUrl, user, password);
                     PreparedStatement insert = c.prepareStatement("""
                             insert into domain_event_entry (aggregate_identifier, sequence_number, type,
                               event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp)
                             values (?, 0, 'Sale', ?, ?, ?, '1', ?, ?)""")) {
                    c.setAutoCommit(true);
                    while (System.nanoTime() < end && running) {
                        long sent = System.nanoTime();
                        insert.setString(1, phase + "-" + sequence.incrementAndGet());
                        insert.setString(2, UUID.randomUUID().toString());
                        insert.setBytes(3, metaData);
                        insert.setBytes(4, payload);
                        insert.setString(5, SaleRecords.LEMONADE_SOLD);
                        insert.setString(6, Instant.now().toString());
                        insert.executeUpdate();
                        latencies.recordValue(Math.max(1, (System.nanoTime() - sent) / 1000));
                        appended.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : appenders) {
            t.join();
        }
        rethrow();
        return new Result(phase, appended.get(), (System.nanoTime() - start) / 1e9, latencies.getIntervalHistogram(),
                startMillis);
    }

    /** Waits until every row of the phase has a card; false when the time ran out. */
    boolean awaitCards(String phase, long sales, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (cards(phase) < sales) {
            rethrow();
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return true;
    }

    /** Sale (row) time_stamp -> card created_at, for the phase's sales. */
    EndToEnd endToEnd(String phase) throws SQLException {
        Map<String, Long> appended = new HashMap<>();
        try (Connection c = DriverManager.getConnection(eventsUrl, user, password);
             PreparedStatement q = c.prepareStatement(
                     "select aggregate_identifier, time_stamp from domain_event_entry where aggregate_identifier like ?")) {
            q.setString(1, phase + "-%");
            ResultSet r = q.executeQuery();
            while (r.next()) {
                appended.put(r.getString(1), PipelineQueries.micros(Instant.parse(r.getString(2))));
            }
        }
        Map<String, Long> cards = new HashMap<>();
        try (Connection c = DriverManager.getConnection(cardsUrl, user, password);
             PreparedStatement q = c.prepareStatement("select sale_id, created_at from card where sale_id like ?")) {
            q.setString(1, phase + "-%");
            ResultSet r = q.executeQuery();
            while (r.next()) {
                cards.put(r.getString(1), PipelineQueries.micros(r.getTimestamp(2).toInstant()));
            }
        }
        return EndToEnd.of(appended, Map.of(), cards);
    }

    /** Rows against cards: missing and duplicate (sale_id is unique, so a duplicate would have failed the insert). */
    long missingCards() throws SQLException {
        long rows;
        try (Connection c = DriverManager.getConnection(eventsUrl, user, password)) {
            ResultSet r = c.createStatement().executeQuery("select count(*) from domain_event_entry");
            r.next();
            rows = r.getLong(1);
        }
        try (Connection c = DriverManager.getConnection(cardsUrl, user, password)) {
            ResultSet r = c.createStatement().executeQuery("select count(*) from card");
            r.next();
            return rows - r.getLong(1);
        }
    }

    private long cards(String phase) throws SQLException {
        try (Connection c = DriverManager.getConnection(cardsUrl, user, password);
             PreparedStatement q = c.prepareStatement("select count(*) from card where sale_id like ?")) {
            q.setString(1, phase + "-%");
            ResultSet r = q.executeQuery();
            r.next();
            return r.getLong(1);
        }
    }

    private void relay() throws Exception {
        try (Connection c = DriverManager.getConnection(eventsUrl, user, password);
             PreparedStatement read = c.prepareStatement("""
                     select global_index, aggregate_identifier, event_identifier, payload, payload_type, time_stamp
                     from domain_event_entry where global_index > ? order by global_index limit ?""");
             PreparedStatement store = c.prepareStatement(
                     "update raw_relay_position set global_index = ? where id = 1")) {
            ResultSet start = c.createStatement().executeQuery("select global_index from raw_relay_position");
            start.next();
            long position = start.getLong(1);
            long gapSince = 0;
            c.setAutoCommit(false);
            while (running) {
                read.setLong(1, position);
                read.setInt(2, BATCH);
                List<ProducerRecord<String, byte[]>> batch = new ArrayList<>();
                long next = position;
                try (ResultSet r = read.executeQuery()) {
                    while (r.next()) {
                        long index = r.getLong(1);
                        if (index != next + 1) {
                            if (gapSince == 0) {
                                gapSince = System.nanoTime();
                            }
                            if (System.nanoTime() - gapSince < GAP_WAIT_NANOS) {
                                break;
                            }
                        }
                        gapSince = 0;
                        next = index;
                        batch.add(record(r.getString(2), r.getString(3), r.getBytes(4), r.getString(5)));
                    }
                }
                c.commit();
                if (batch.isEmpty()) {
                    TimeUnit.MILLISECONDS.sleep(2);
                    continue;
                }
                List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
                for (ProducerRecord<String, byte[]> record : batch) {
                    acks.add(producer.send(record));
                }
                for (Future<RecordMetadata> ack : acks) {
                    ack.get(10, TimeUnit.SECONDS);
                }
                store.setLong(1, next);
                store.executeUpdate();
                c.commit();
                position = next;
            }
        }
    }

    private ProducerRecord<String, byte[]> record(String saleId, String eventId, byte[] value, String type) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, saleId, value);
        record.headers()
                .add(new RecordHeader("axon-message-id", eventId.getBytes(StandardCharsets.UTF_8)))
                .add(new RecordHeader("axon-message-type", type.getBytes(StandardCharsets.UTF_8)))
                .add(new RecordHeader("axon-message-revision", "1".getBytes(StandardCharsets.UTF_8)))
                .add(new RecordHeader("axon-message-aggregate-id", saleId.getBytes(StandardCharsets.UTF_8)))
                .add(new RecordHeader("axon-message-aggregate-seq", ByteBuffer.allocate(8).putLong(0).array()));
        return record;
    }

    private void consume(KafkaConsumer<String, byte[]> consumer) throws Exception {
        try (Connection c = DriverManager.getConnection(cardsUrl, user, password);
             PreparedStatement inbox = c.prepareStatement("""
                     insert into inbox (event_id, event_type, sale_id, topic, kafka_partition, kafka_offset)
                     values (?, ?, ?, ?, ?, ?) on conflict do nothing""");
             PreparedStatement card = c.prepareStatement("""
                     insert into card (sale_id, customer_name, customer_email, cups, message, event_id)
                     values (?, ?, ?, ?, ?, ?)""")) {
            c.setAutoCommit(false);
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<String, byte[]> record : records) {
                    String eventId = new String(record.headers().lastHeader("axon-message-id").value(),
                            StandardCharsets.UTF_8);
                    JsonNode sold = JSON.readTree(record.value());
                    inbox.setString(1, eventId);
                    inbox.setString(2, new String(record.headers().lastHeader("axon-message-type").value(),
                            StandardCharsets.UTF_8));
                    inbox.setString(3, record.key());
                    inbox.setString(4, record.topic());
                    inbox.setInt(5, record.partition());
                    inbox.setLong(6, record.offset());
                    if (inbox.executeUpdate() == 1) {
                        String name = sold.path("customer").path("name").asText("customer");
                        card.setString(1, record.key());
                        card.setString(2, name);
                        card.setString(3, sold.path("customer").path("email").asText("customer@example.com"));
                        card.setInt(4, Math.max(1, sold.path("cups").asInt(1)));
                        card.setString(5, "Thank you, " + name + "!");
                        card.setString(6, eventId);
                        card.executeUpdate();
                    }
                }
                if (!records.isEmpty()) {
                    c.commit();
                    consumer.commitSync();
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private interface Job {
        void run() throws Exception;
    }

    private Thread start(String name, Job job) {
        Thread t = new Thread(() -> {
            try {
                job.run();
            } catch (Exception e) {
                if (running) {
                    failure.compareAndSet(null, e);
                }
            }
        }, THREADS + name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
        return t;
    }

    private void rethrow() throws Exception {
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumers.forEach(KafkaConsumer::wakeup);
        for (Thread t : threads) {
            t.join(5000);
        }
        producer.close(Duration.ofSeconds(2));
    }
}
