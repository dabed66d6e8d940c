package io.lemonadeoutbox.bench;

import io.lemonadeoutbox.testkit.SaleRecords;
import io.lemonadeoutbox.testkit.TopicReader;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads the sales topic alongside thankyou-service (the test kit's reader, from the beginning) and keeps, per sale,
 * the timestamp Kafka gave the LemonadeSold record. The benchmark creates the topic with LogAppendTime, so that is
 * the moment the broker appended it.
 */
final class TopicWatcher implements AutoCloseable {

    private final TopicReader reader;
    private final Map<String, Long> soldAppendedAt = new ConcurrentHashMap<>();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong resent = new AtomicLong();
    private final Thread poller;
    private volatile boolean running = true;

    TopicWatcher(String bootstrap, String topic) {
        reader = new TopicReader(bootstrap, topic);
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
                for (ConsumerRecord<String, byte[]> record : reader.nextRecords()) {
                    records.incrementAndGet();
                    if (SaleRecords.LEMONADE_SOLD.equals(TopicReader.header(record, SaleRecords.TYPE))
                            && soldAppendedAt.putIfAbsent(record.key(), record.timestamp()) != null) {
                        resent.incrementAndGet();
                    }
                }
            }
        } finally {
            reader.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false; // the poller sees it within one poll (200 ms)
        poller.join(5000);
    }
}
