package io.lemonadeoutbox.lemonade.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.clients.producer.internals.FutureRecordMetadata;
import org.apache.kafka.clients.producer.internals.ProduceRequestResult;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Time;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.producer.ConfirmationMode;
import org.axonframework.extensions.kafka.eventhandling.producer.ProducerFactory;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.monitoring.NoOpMessageMonitor;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The publisher's decisions with Kafka's own {@link MockProducer} standing in for a broker-connected producer: which
 * failures replace the shared producer, the test-only switches, and the refusal of confirmation-mode none.
 * Publishing against a real broker is {@code PublishingIT}, {@code KafkaOutageIT} and {@code SaleOrderUnderRefusalIT}.
 */
class BatchAcknowledgedKafkaPublisherTest {

    private static final int SPLITS = 300_000;

    private final Producers producers = new Producers(false);

    @AfterEach
    void noUnitOfWorkLeft() {
        while (org.axonframework.messaging.unitofwork.CurrentUnitOfWork.isStarted()) {
            org.axonframework.messaging.unitofwork.CurrentUnitOfWork.get().rollback();
        }
    }

    @Test
    void aProducerFencedWhileTheBatchWaitsIsReplacedAndTheRetryIsPublishedByANewOne() {
        BatchAcknowledgedKafkaPublisher<String, byte[]> publisher = publisher(false);
        UnitOfWork<Event> batch = batchOf("sale-1");
        publisher.send(batch.getMessage());
        producers.current.errorNext(new ProducerFencedException("another producer with this id"));
        assertThatThrownBy(batch::commit).hasRootCauseInstanceOf(ProducerFencedException.class);

        assertThat(publisher.producersReplaced()).isEqualTo(1);
        assertThat(producers.created).hasSize(2);
        assertThat(producers.created.get(0).closed()).as("the fenced producer").isTrue();

        UnitOfWork<Event> retry = batchOf("sale-1");
        publisher.send(retry.getMessage());
        producers.current.completeNext();
        retry.commit();
        assertThat(producers.current.history()).extracting(record -> record.key()).containsExactly("sale-1");
    }

    @Test
    void aProducerThatThrowsOnSendBecauseItIsClosedIsReplaced() {
        BatchAcknowledgedKafkaPublisher<String, byte[]> publisher = publisher(false);
        producers.current.close();
        UnitOfWork<Event> batch = batchOf("sale-1");
        assertThatThrownBy(() -> publisher.send(batch.getMessage())).isInstanceOf(IllegalStateException.class);
        batch.rollback();
        assertThat(publisher.producersReplaced()).isEqualTo(1);

        UnitOfWork<Event> retry = batchOf("sale-1");
        publisher.send(retry.getMessage());
        producers.current.completeNext();
        retry.commit();
        assertThat(producers.current.history()).hasSize(1);
    }

    @Test
    void aFencedProducerStateReportedAsAClientKafkaExceptionIsReplaced() {
        BatchAcknowledgedKafkaPublisher<String, byte[]> publisher = publisher(false);
        producers.current.sendException = new KafkaException("the producer is in a fatal state");
        UnitOfWork<Event> batch = batchOf("sale-1");
        assertThatThrownBy(() -> publisher.send(batch.getMessage())).isInstanceOf(KafkaException.class);
        batch.rollback();
        assertThat(publisher.producersReplaced()).isEqualTo(1);
    }

    @Test
    void aProducerThatNeverReportsARecordIsReplacedOnceItsDeliveryTimeoutHasPassed() {
        BatchAcknowledgedKafkaPublisher<String, byte[]> publisher = new BatchAcknowledgedKafkaPublisher<>(producers,
                converter(), event -> Optional.of("sales"), new BatchAcknowledgedKafkaPublisher.Settings(
                Duration.ofMillis(300), Duration.ofMillis(200), false, false), NoOpMessageMonitor.INSTANCE);
        UnitOfWork<Event> batch = batchOf("sale-1");
        publisher.send(batch.getMessage()); // never reported, as by a producer whose network thread died

        assertThatThrownBy(batch::commit).hasStackTraceContaining("did not acknowledge the batch");

        assertThat(publisher.producersReplaced()).isEqualTo(1);
        UnitOfWork<Event> retry = batchOf("sale-1");
        publisher.send(retry.getMessage());
        producers.current.completeNext();
        retry.commit();
        assertThat(producers.created).hasSize(2);
    }

    @Test
    void aRecordsOwnFailureKeepsTheProducer() {
        BatchAcknowledgedKafkaPublisher<String, byte[]> publisher = publisher(false);
        UnitOfWork<Event> batch = batchOf("sale-1");
        publisher.send(batch.getMessage());
        producers.current.errorNext(new RecordTooLargeException("too large"));
        assertThatThrownBy(batch::commit).hasRootCauseInstanceOf(RecordTooLargeException.class);
        assertThat(publisher.producersReplaced()).isZero();
        assertThat(producers.created).hasSize(1);
    }

    @Test
    void aSalesSecondEventWaitsForItsFirstUnlessThePerSaleWaitIsSwitchedOff() throws Exception {
        BatchAcknowledgedKafkaPublisher<String, byte[]> waiting = publisher(false);
        UnitOfWork<Event> batch = batchOf("sale-1");
        waiting.send(batch.getMessage());
        Thread acker = new Thread(() -> {
            sleep(Duration.ofMillis(300));
            producers.current.completeNext();
            sleep(Duration.ofMillis(300));
            producers.current.completeNext();
        });
        acker.start();
        long started = System.nanoTime();
        waiting.send(event("sale-1", 1));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the second event waited for the first's ack")
                .isGreaterThanOrEqualTo(Duration.ofMillis(250));
        batch.commit();
        acker.join();

        Producers unordered = new Producers(false);
        BatchAcknowledgedKafkaPublisher<String, byte[]> skipping = new BatchAcknowledgedKafkaPublisher<>(unordered,
                converter(), event -> Optional.of("sales"), settings(false, true), NoOpMessageMonitor.INSTANCE);
        UnitOfWork<Event> second = batchOf("sale-2");
        skipping.send(second.getMessage());
        skipping.send(event("sale-2", 1));
        assertThat(unordered.current.history()).as("both sent before any ack").hasSize(2);
        unordered.current.completeNext();
        unordered.current.completeNext();
        second.commit();
    }

    @Test
    void theBatchWaitsForTheSendCallbackNotForTheProducersFutureWhoseGetCanOverflowTheStack() {
        assertThatThrownBy(() -> splitFuture(SPLITS).get(1, TimeUnit.SECONDS))
                .as("Kafka's future of a record split %d times, waited for on this thread", SPLITS)
                .isInstanceOf(StackOverflowError.class);
        Producers splitting = new Producers(true);
        BatchAcknowledgedKafkaPublisher<String, byte[]> publisher = new BatchAcknowledgedKafkaPublisher<>(splitting,
                converter(), event -> Optional.of("sales"), settings(false, false), NoOpMessageMonitor.INSTANCE);
        UnitOfWork<Event> batch = batchOf("sale-1");
        publisher.send(batch.getMessage());
        splitting.current.completeNext();
        publisher.send(event("sale-1", 1));
        splitting.current.completeNext();

        batch.commit();

        assertThat(splitting.current.history()).hasSize(2);
    }

    @Test
    void confirmationModeNoneIsRefusedUnlessTheUnsafeSwitchAsksForIt() {
        assertThatThrownBy(() -> BatchAcknowledgedKafkaPublisher.waitsForAcks(ConfirmationMode.NONE, false))
                .hasMessageContaining("axon.kafka.publisher.confirmation-mode=NONE")
                .hasMessageContaining("lemonade.unsafe.skip-ack-wait");
        assertThat(BatchAcknowledgedKafkaPublisher.waitsForAcks(ConfirmationMode.NONE, true)).isFalse();
        assertThat(BatchAcknowledgedKafkaPublisher.waitsForAcks(ConfirmationMode.WAIT_FOR_ACK, true)).isFalse();
        assertThat(BatchAcknowledgedKafkaPublisher.waitsForAcks(ConfirmationMode.WAIT_FOR_ACK, false)).isTrue();
    }

    @Test
    void withSkipAckWaitTheBatchCommitsWithoutAnyAck() {
        BatchAcknowledgedKafkaPublisher<String, byte[]> publisher = new BatchAcknowledgedKafkaPublisher<>(producers,
                converter(), event -> Optional.of("sales"), settings(true, false), NoOpMessageMonitor.INSTANCE);
        UnitOfWork<Event> batch = batchOf("sale-1");
        publisher.send(batch.getMessage());
        batch.commit();
        assertThat(producers.current.completeNext()).as("the ack still outstanding after the commit").isTrue();
    }

    private BatchAcknowledgedKafkaPublisher<String, byte[]> publisher(boolean skipPerSaleOrderWait) {
        return new BatchAcknowledgedKafkaPublisher<>(producers, converter(), event -> Optional.of("sales"),
                settings(false, skipPerSaleOrderWait), NoOpMessageMonitor.INSTANCE);
    }

    private static BatchAcknowledgedKafkaPublisher.Settings settings(boolean skipAckWait, boolean skipPerSaleWait) {
        return new BatchAcknowledgedKafkaPublisher.Settings(Duration.ofSeconds(5), Duration.ofSeconds(1),
                skipAckWait, skipPerSaleWait);
    }

    private static DefaultKafkaMessageConverter converter() {
        return DefaultKafkaMessageConverter.builder().serializer(JacksonSerializer.defaultSerializer()).build();
    }

    private static UnitOfWork<Event> batchOf(String saleId) {
        return DefaultUnitOfWork.startAndGet(event(saleId, 0));
    }

    private static Event event(String saleId, long sequence) {
        return new Event("Sale", saleId, sequence, Map.of("saleId", saleId));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Event extends GenericDomainEventMessage<Map<String, String>> {
        Event(String type, String saleId, long sequence, Map<String, String> payload) {
            super(type, saleId, sequence, payload);
        }
    }

    /**
     * Axon's shared-producer contract: one producer until shutDown, then a new one. With {@code splitFutures} its
     * sends return Kafka's own futures as they are once the broker made the producer split their batch
     * {@link #SPLITS} times: each split chains the future once more, and {@code get} recurses down the chain.
     */
    private static final class Producers implements ProducerFactory<String, byte[]> {
        final List<MockProducer<String, byte[]>> created = new ArrayList<>();
        final boolean splitFutures;
        MockProducer<String, byte[]> current;

        Producers(boolean splitFutures) {
            this.splitFutures = splitFutures;
            this.current = newProducer();
        }

        private MockProducer<String, byte[]> newProducer() {
            MockProducer<String, byte[]> producer = splitFutures ? new SplitFuturesProducer() : new MockProducer<>(
                    false, new StringSerializer(), new ByteArraySerializer());
            created.add(producer);
            return producer;
        }

        @Override
        public Producer<String, byte[]> createProducer() {
            return current;
        }

        @Override
        public ConfirmationMode confirmationMode() {
            return ConfirmationMode.WAIT_FOR_ACK;
        }

        @Override
        public void shutDown() {
            current.close();
            current = newProducer();
        }
    }

    private static final class SplitFuturesProducer extends MockProducer<String, byte[]> {
        SplitFuturesProducer() {
            super(false, new StringSerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
            super.send(record, callback);
            return splitFuture(SPLITS);
        }
    }

    /** Kafka's own future for a record whose batch the producer split {@code splits} times, each split done. */
    private static Future<RecordMetadata> splitFuture(int splits) {
        try {
            Method chain = FutureRecordMetadata.class.getDeclaredMethod("chain", FutureRecordMetadata.class);
            chain.setAccessible(true);
            ProduceRequestResult done = new ProduceRequestResult(new TopicPartition("sales", 0));
            done.set(0, RecordBatch.NO_TIMESTAMP, null);
            done.done();
            FutureRecordMetadata first = new FutureRecordMetadata(done, 0, 0, 5, 5, Time.SYSTEM);
            FutureRecordMetadata last = first;
            for (int split = 0; split < splits; split++) {
                FutureRecordMetadata next = new FutureRecordMetadata(done, 0, 0, 5, 5, Time.SYSTEM);
                chain.invoke(last, next);
                last = next;
            }
            return first;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("kafka-clients changed FutureRecordMetadata: see this test", e);
        }
    }
}
