package io.lemonadeoutbox.thankyou.inbox;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The partitions that are not moving, and why: waiting for the database to come back, or holding a record whose dead
 * letter could not be recorded yet. Either makes {@code /actuator/health} DOWN (component {@code consumer}) and shows
 * in {@code /api/pipeline}; the first successful write on the partition clears it. A disk-full database answers
 * {@code select 1} and so looks UP to the datasource's own health check: this is the health that says it waits.
 */
@Component("consumer")
public class ConsumerHealth implements HealthIndicator {

    public enum Stalled { WAITING_FOR_DATABASE, DEAD_LETTER_NOT_RECORDED }

    /** @param offset the record the partition is held at */
    public record Wait(String topic, int partition, long offset, Stalled why, String reason, Instant since,
                       long attempts) {
    }

    private final Map<TopicPartition, Wait> waits = new ConcurrentHashMap<>();

    void stalled(String topic, int partition, long offset, Stalled why, String reason) {
        waits.compute(new TopicPartition(topic, partition), (key, before) -> new Wait(topic, partition, offset, why,
                reason, before != null && before.why() == why ? before.since() : Instant.now(),
                before != null && before.why() == why ? before.attempts() + 1 : 1));
    }

    void moving(String topic, int partition) {
        waits.remove(new TopicPartition(topic, partition));
    }

    void moving(String topic, int partition, Stalled why) {
        waits.computeIfPresent(new TopicPartition(topic, partition), (key, wait) -> wait.why() == why ? null : wait);
    }

    /** Partitions this instance no longer reads: their waits, if any, are another instance's now. */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(waits::remove);
    }

    public List<Wait> waits() {
        return waits.values().stream()
                .sorted(Comparator.comparing(Wait::topic).thenComparingInt(Wait::partition))
                .toList();
    }

    @Override
    public Health health() {
        List<Wait> now = waits();
        return (now.isEmpty() ? Health.up() : Health.down()).withDetail("stalledPartitions", now).build();
    }
}
