package io.lemonadeoutbox.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the sales topic alongside thankyou-service (its own consumer group, from the beginning) and keeps, per sale,
 * the timestamp Kafka gave the LemonadeSold record. The benchmark creates the topic with LogAppendTime, so that is
 * the moment the broker appended it.
 */
final class TopicWatcher implements AutoCloseable {

    private static final String SOLD = "io.lemonadeoutbox.lemonade.sale.LemonadeSold";

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Long> soldAppendedAt = new ConcurrentHashMap<>();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong resent = new AtomicLong();
    private final Thread poller;
    private volatile boolean running = true;

    TopicWatcher(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-watcher-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        poller = new Thread(this::poll, "topic-watcher");
        poller.setDaemon(true);
        poller.start();
    }

    /** Records seen so far, re-sends included. */
    long records() {
        return records.get();
    }

    /** LemonadeSold records for a sale that was already on the topic (allowed: the inbox drops them). */
    long resent() {
        return resent.get();
    }

    /** When the broker appended the first LemonadeSold of each sale (epoch ms). */
    Map<String, Long> soldAppendedAt() {
        return soldAppendedAt;
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    records.incrementAndGet();
                    Header type = record.headers().lastHeader("axon-message-type");
                    if (type != null && SOLD.equals(new String(type.value(), StandardCharsets.UTF_8))
                            && soldAppendedAt.putIfAbsent(record.key(), record.timestamp()) != null) {
                        resent.incrementAndGet();
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        poller.join(5000);
    }
}
