package io.lemonadeoutbox.lemonade.publishing;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.producer.ConfirmationMode;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaPublisher;
import org.axonframework.extensions.kafka.eventhandling.producer.ProducerFactory;
import org.axonframework.extensions.kafka.eventhandling.producer.TopicResolver;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.MessageMonitor.MonitorCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every event of the publishing processor's batch without waiting, then waits for all their acks before the
 * batch's unit of work, and with it the token, commits. The token still never passes an event Kafka did not
 * acknowledge (a failed or late ack rolls the batch back and it is sent again), but a batch costs one broker round
 * trip, where the extension's own {@code WAIT_FOR_ACK} publisher waits for one per event.
 * <p>
 * Sending ahead must not reorder a sale's events: if a sale's first event failed while its second was acknowledged,
 * the topic would carry the refund before the sale. So an event is only sent once the earlier events of its sale in
 * the same batch are acknowledged ({@link BatchAcks}). Every wait of a batch shares one deadline.
 * <p>
 * After a fatal producer error ({@link FatalProducerErrors}), or when the producer did not report a record of a failed
 * batch within {@code delivery.timeout.ms} (it is broken), the shared producer is closed once the batch has rolled
 * back, and the retry gets a new one: publishing resumes without a restart.
 * <p>
 * Test-only switches (see the unsafe-switch convention): {@code lemonade.unsafe.skip-ack-wait} sends without waiting
 * for any ack, as confirmation-mode none does; {@code lemonade.unsafe.skip-per-sale-order-wait} sends a sale's event
 * without waiting for its earlier events in the batch.
 */
class BatchAcknowledgedKafkaPublisher<K, V> extends KafkaPublisher<K, V> {

    private static final Logger log = LoggerFactory.getLogger(BatchAcknowledgedKafkaPublisher.class);
    private static final String BATCH = BatchAcks.class.getName();

    /** What the publisher does beyond sending: the batch's deadline and the test-only switches. */
    record Settings(Duration ackTimeout, Duration deliveryTimeout, boolean skipAckWait, boolean skipPerSaleOrderWait) {
    }

    private final ProducerFactory<K, V> producers;
    private final KafkaMessageConverter<K, V> converter;
    private final TopicResolver topics;
    private final MessageMonitor<? super EventMessage<?>> monitor;
    private final Settings settings;
    private final boolean waitForAcks;
    private final AtomicInteger producersReplaced = new AtomicInteger();

    BatchAcknowledgedKafkaPublisher(ProducerFactory<K, V> producers, KafkaMessageConverter<K, V> converter,
                                    TopicResolver topics, Settings settings,
                                    MessageMonitor<? super EventMessage<?>> monitor) {
        super(KafkaPublisher.<K, V>builder().producerFactory(producers).messageConverter(converter)
                .topicResolver(topics).messageMonitor(monitor));
        this.producers = producers;
        this.converter = converter;
        this.topics = topics;
        this.monitor = monitor;
        this.settings = settings;
        this.waitForAcks = waitsForAcks(producers.confirmationMode(), settings.skipAckWait());
    }

    static boolean waitsForAcks(ConfirmationMode mode, boolean skipAckWait) {
        if (mode.isTransactional()) {
            throw new IllegalStateException("refusing to start: axon.kafka.publisher.confirmation-mode=transactional "
                    + "is not supported: axon-kafka 4.9.0 opens one Kafka transaction per event. Use wait_for_ack.");
        }
        if (skipAckWait) {
            log.error("UNSAFE: lemonade.unsafe.skip-ack-wait: the publishing token may move past events Kafka never "
                    + "acknowledged, and such events are lost");
            return false;
        }
        if (!mode.isWaitForAck()) {
            throw new IllegalStateException("refusing to start: axon.kafka.publisher.confirmation-mode=" + mode
                    + " lets the publishing token move past events Kafka never acknowledged, which are then lost. "
                    + "Use wait_for_ack (the test-only lemonade.unsafe.skip-ack-wait=true gives that behaviour to "
                    + "negative controls)");
        }
        return true;
    }

    /** How many times a fatal error made the publisher replace the shared producer. */
    int producersReplaced() {
        return producersReplaced.get();
    }

    @Override
    public <T extends EventMessage<?>> void send(T event) {
        Optional<String> topic = topics.resolve(event);
        if (topic.isEmpty()) {
            return;
        }
        ProducerRecord<K, V> record = converter.createKafkaMessage(event, topic.get());
        MonitorCallback monitored = monitor.onMessageIngested(event);
        if (!waitForAcks) {
            send(record, monitored);
            return;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        BatchAcks batch = unitOfWork.getOrComputeResource(BATCH, key -> {
            BatchAcks acks = new BatchAcks(settings.ackTimeout(), settings.deliveryTimeout(), System::nanoTime);
            unitOfWork.onPrepareCommit(u -> acks.awaitAll());
            unitOfWork.onCleanup(u -> replaceBrokenProducer(acks));
            return acks;
        });
        batch.beforeSend();
        if (!settings.skipPerSaleOrderWait()) {
            batch.awaitEarlierEventsOf(record.key());
        }
        Future<RecordMetadata> ack;
        try {
            ack = send(record, monitored);
        } catch (RuntimeException e) {
            throw batch.failedSend(e);
        }
        batch.add(record.key(), ack);
    }

    /** Runs when the batch's unit of work is over (its transaction rolled back), so no wait holds a transaction. */
    private void replaceBrokenProducer(BatchAcks batch) {
        Throwable failure = batch.failure();
        if (batch.producerSilent()) {
            log.error("the Kafka producer did not report every record of the batch within delivery.timeout.ms, "
                    + "which a working producer always does; closing it so that the batch's retry uses a new one");
        } else if (failure != null && FatalProducerErrors.isFatal(failure)) {
            log.error("the Kafka producer failed fatally ({}); closing it so that the batch's retry uses a new one",
                    failure.toString());
        } else {
            return;
        }
        try {
            producers.shutDown();
        } catch (RuntimeException e) {
            log.warn("closing the failed producer failed too; a new one is created anyway", e);
        }
        producersReplaced.incrementAndGet();
    }

    /**
     * The ack is the send callback's, not the future the producer returns: Kafka chains that future through every
     * split of a batch the broker refused as too large, and its {@code get} recurses down the chain, so waiting on a
     * record whose batch was split thousands of times (a topic that refuses it for seconds) overflowed the stack, and
     * the StackOverflowError ended the publishing processor (the fault campaign's long run, seed 42).
     */
    private Future<RecordMetadata> send(ProducerRecord<K, V> record, MonitorCallback monitored) {
        CompletableFuture<RecordMetadata> ack = new CompletableFuture<>();
        producers.createProducer().send(record, (metadata, failure) -> {
            if (failure == null) {
                monitored.reportSuccess();
                ack.complete(metadata);
            } else {
                monitored.reportFailure(failure);
                ack.completeExceptionally(failure);
            }
        });
        return ack;
    }
}
