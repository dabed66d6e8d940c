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
 * succeed. Or it throws an {@link Error} once for one chosen sale, as the publishing thread met a StackOverflowError.
 * Installed with the producer property {@code partitioner.class}.
 */
public class RefusingPartitioner implements Partitioner {

    private static volatile String refusedSale;
    private static volatile String erroredSale;
    private static final AtomicInteger refusals = new AtomicInteger();
    private static final AtomicInteger errors = new AtomicInteger();

    static void refuseLemonadeSoldOf(String saleId) {
        refusedSale = saleId;
    }

    static void refuseNothing() {
        refusedSale = null;
    }

    static int refusals() {
        return refusals.get();
    }

    static void throwErrorOnceFor(String saleId) {
        erroredSale = saleId;
    }

    static int errors() {
        return errors.get();
    }

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
                         Cluster cluster) {
        if (key != null && key.equals(erroredSale)) {
            erroredSale = null;
            errors.incrementAndGet();
            throw new StackOverflowError("thrown by the test while publishing " + key);
        }
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
