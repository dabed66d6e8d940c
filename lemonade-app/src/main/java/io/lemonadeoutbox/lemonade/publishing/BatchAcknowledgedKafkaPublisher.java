package io.lemonadeoutbox.lemonade.publishing;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Future;
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
 * the same batch are acknowledged ({@link BatchAcks}).
 */
class BatchAcknowledgedKafkaPublisher<K, V> extends KafkaPublisher<K, V> {

    private static final Logger log = LoggerFactory.getLogger(BatchAcknowledgedKafkaPublisher.class);
    private static final String BATCH = BatchAcks.class.getName();

    private final ProducerFactory<K, V> producers;
    private final KafkaMessageConverter<K, V> converter;
    private final TopicResolver topics;
    private final MessageMonitor<? super EventMessage<?>> monitor;
    private final Duration ackTimeout;
    private final boolean waitForAcks;

    BatchAcknowledgedKafkaPublisher(ProducerFactory<K, V> producers, KafkaMessageConverter<K, V> converter,
                                    TopicResolver topics, Duration ackTimeout,
                                    MessageMonitor<? super EventMessage<?>> monitor) {
        super(KafkaPublisher.<K, V>builder().producerFactory(producers).messageConverter(converter)
                .topicResolver(topics).messageMonitor(monitor));
        this.producers = producers;
        this.converter = converter;
        this.topics = topics;
        this.monitor = monitor;
        this.ackTimeout = ackTimeout;
        this.waitForAcks = waitsForAcks(producers.confirmationMode());
    }

    private static boolean waitsForAcks(ConfirmationMode mode) {
        if (mode.isTransactional()) {
            throw new IllegalStateException("axon.kafka.publisher.confirmation-mode=transactional is not supported: "
                    + "axon-kafka 4.9.0 opens one Kafka transaction per event. Use wait_for_ack.");
        }
        if (!mode.isWaitForAck()) {
            log.warn("axon.kafka.publisher.confirmation-mode={}: the publishing token may move past events Kafka "
                    + "never acknowledged, and such events are lost", mode);
        }
        return mode.isWaitForAck();
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
            BatchAcks acks = new BatchAcks(ackTimeout);
            unitOfWork.onPrepareCommit(u -> acks.awaitAll());
            return acks;
        });
        batch.awaitEarlierEventsOf(record.key());
        batch.add(record.key(), send(record, monitored));
    }

    private Future<RecordMetadata> send(ProducerRecord<K, V> record, MonitorCallback monitored) {
        return producers.createProducer().send(record, (metadata, failure) -> {
            if (failure == null) {
                monitored.reportSuccess();
            } else {
                monitored.reportFailure(failure);
            }
        });
    }
}
