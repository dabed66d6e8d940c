package io.lemonadeoutbox.lemonade.publishing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.axonframework.messaging.EventPublicationFailedException;

/** The Kafka acks one publishing batch waits for, and the last one of each sale (the record key) in it. */
final class BatchAcks {

    private final Duration timeout;
    private final List<Future<RecordMetadata>> pending = new ArrayList<>();
    private final Map<Object, Future<RecordMetadata>> lastOfSale = new HashMap<>();

    BatchAcks(Duration timeout) {
        this.timeout = timeout;
    }

    /** Throws, and so fails the batch, if an earlier event of this sale was refused or is not acknowledged in time. */
    void awaitEarlierEventsOf(Object saleKey) {
        Future<RecordMetadata> earlier = saleKey == null ? null : lastOfSale.get(saleKey);
        if (earlier != null) {
            await(earlier, timeout.toNanos());
        }
    }

    void add(Object saleKey, Future<RecordMetadata> ack) {
        pending.add(ack);
        if (saleKey != null) {
            lastOfSale.put(saleKey, ack);
        }
    }

    void awaitAll() {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Future<RecordMetadata> ack : pending) {
            await(ack, deadline - System.nanoTime());
        }
    }

    private void await(Future<RecordMetadata> ack, long nanos) {
        try {
            ack.get(Math.max(nanos, 0), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventPublicationFailedException("interrupted while waiting for Kafka's acks", e);
        } catch (ExecutionException e) {
            throw new EventPublicationFailedException("Kafka refused an event of the batch", e.getCause());
        } catch (TimeoutException e) {
            throw new EventPublicationFailedException("Kafka did not acknowledge the batch within " + timeout, e);
        }
    }
}
