package io.lemonadeoutbox.lemonade.publishing;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.utils.Utils;

/**
 * Partitions by key as Kafka's default partitioner does, except that the producer refuses one chosen sale's
 * {@code LemonadeSold} (as it refuses a record over {@code max.request.size}): its send fails while later sends
 * succeed. Installed with the producer property {@code partitioner.class}.
 */
public class RefusingPartitioner implements Partitioner {

    private static volatile String refusedSale;
    private static final AtomicInteger refusals = new AtomicInteger();

    static void refuseLemonadeSoldOf(String saleId) {
        refusedSale = saleId;
    }

    static void refuseNothing() {
        refusedSale = null;
    }

    static int refusals() {
        return refusals.get();
    }

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
                         Cluster cluster) {
        if (key != null && key.equals(refusedSale)
                && new String(valueBytes, StandardCharsets.UTF_8).contains("\"soldAt\"")) {
            refusals.incrementAndGet();
            throw new RecordTooLargeException("refused by the test: LemonadeSold of " + key);
        }
        return Utils.toPositive(Utils.murmur2(keyBytes)) % cluster.partitionsForTopic(topic).size();
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public void close() {
    }
}
