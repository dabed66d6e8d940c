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
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.axonframework.messaging.EventPublicationFailedException;

/**
 * The Kafka acks one publishing batch waits for, the last one of each sale (the record key) in it, and the batch's
 * one deadline: {@code ackTimeout} from its first send, shared by every wait of the batch.
 * <p>
 * A batch that fails (a refusal, or the deadline passed) first lets the producer finish with everything of the batch
 * it still holds: each record is reported within {@code delivery.timeout.ms} of its send, so this wait is bounded, and
 * the batch's retry never queues a second copy beside one still in the producer.
 */
final class BatchAcks {

    private final Duration ackTimeout;
    private final Duration deliveryTimeout;
    private final long deadline;
    private final LongSupplier nanoClock;
    private final List<Future<RecordMetadata>> pending = new ArrayList<>();
    private final Map<Object, Future<RecordMetadata>> lastOfSale = new HashMap<>();
    private Throwable failure;
    private boolean producerSilent;

    BatchAcks(Duration ackTimeout, Duration deliveryTimeout, LongSupplier nanoClock) {
        this.ackTimeout = ackTimeout;
        this.deliveryTimeout = deliveryTimeout;
        this.nanoClock = nanoClock;
        this.deadline = nanoClock.getAsLong() + ackTimeout.toNanos();
    }

    /** Throws, and so fails the batch, once the batch's deadline has passed: nothing more of it is sent. */
    void beforeSend() {
        if (nanoClock.getAsLong() - deadline >= 0) {
            fail(new EventPublicationFailedException("the batch's deadline (" + ackTimeout + " from its first send) "
                    + "passed before all of it was sent", null));
        }
    }

    /** Throws, and so fails the batch, if an earlier event of this sale was refused or is not acknowledged in time. */
    void awaitEarlierEventsOf(Object saleKey) {
        Future<RecordMetadata> earlier = saleKey == null ? null : lastOfSale.get(saleKey);
        if (earlier != null) {
            await(earlier);
        }
    }

    void add(Object saleKey, Future<RecordMetadata> ack) {
        pending.add(ack);
        if (saleKey != null) {
            lastOfSale.put(saleKey, ack);
        }
    }

    void awaitAll() {
        for (Future<RecordMetadata> ack : pending) {
            await(ack);
        }
    }

    /** The error that failed the batch, if one did. */
    Throwable failure() {
        return failure;
    }

    /**
     * Whether the producer kept a record of the failed batch past {@code delivery.timeout.ms} without reporting it.
     * Kafka's producer reports every record within that time, failed or not, unless it is broken: its network thread
     * died (Kafka's own StackOverflowError completing a batch split thousands of times did that in the fault
     * campaign), and every later send would wait in it for ever.
     */
    boolean producerSilent() {
        return producerSilent;
    }

    /** A send that threw: the batch fails, after the producer is done with what it already holds. */
    RuntimeException failedSend(RuntimeException error) {
        failure = error;
        drain();
        return error;
    }

    private void await(Future<RecordMetadata> ack) {
        try {
            ack.get(Math.max(deadline - nanoClock.getAsLong(), 0), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(new EventPublicationFailedException("interrupted while waiting for Kafka's acks", e));
        } catch (ExecutionException e) {
            fail(new EventPublicationFailedException("Kafka refused an event of the batch", e.getCause()));
        } catch (TimeoutException e) {
            fail(new EventPublicationFailedException("Kafka did not acknowledge the batch within " + ackTimeout
                    + " of its first send", e));
        }
    }

    private void fail(EventPublicationFailedException error) {
        failure = error.getCause() == null ? error : error.getCause();
        drain();
        throw error;
    }

    /** Waits until the producer has reported every record of the batch (delivery.timeout.ms bounds each). */
    private void drain() {
        long until = nanoClock.getAsLong() + deliveryTimeout.toNanos() + TimeUnit.SECONDS.toNanos(1);
        for (Future<RecordMetadata> ack : pending) {
            try {
                ack.get(Math.max(until - nanoClock.getAsLong(), 0), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                // the batch has failed already; this only waits for the producer to be done with it
            } catch (TimeoutException e) {
                producerSilent = true;
                return;
            }
        }
    }
}
