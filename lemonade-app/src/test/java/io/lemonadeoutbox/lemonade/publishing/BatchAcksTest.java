package io.lemonadeoutbox.lemonade.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.axonframework.messaging.EventPublicationFailedException;
import org.junit.jupiter.api.Test;

/** One deadline per batch, shared by every wait in it, and no give-up while the producer still holds a record. */
class BatchAcksTest {

    private final AtomicLong now = new AtomicLong();

    @Test
    void theDeadlineRunsFromTheBatchsFirstSendNotFromEachWait() {
        BatchAcks batch = new BatchAcks(Duration.ofSeconds(10), Duration.ZERO, now::get);
        CompletableFuture<RecordMetadata> first = new CompletableFuture<>();
        batch.add("sale-1", first);
        now.addAndGet(Duration.ofSeconds(10).toNanos());

        long started = System.nanoTime();
        assertThatThrownBy(() -> batch.awaitEarlierEventsOf("sale-1"))
                .isInstanceOf(EventPublicationFailedException.class)
                .hasMessageContaining("within PT10S of its first send");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no fresh ack timeout for the per-sale wait")
                .isLessThan(Duration.ofSeconds(5));
        assertThatThrownBy(batch::beforeSend).hasMessageContaining("deadline");
    }

    @Test
    void aFailedBatchWaitsForWhatTheProducerStillHoldsBeforeItGivesUp() {
        BatchAcks batch = new BatchAcks(Duration.ofSeconds(1), Duration.ofSeconds(5), System::nanoTime);
        CompletableFuture<RecordMetadata> refused = new CompletableFuture<>();
        CompletableFuture<RecordMetadata> stillQueued = new CompletableFuture<>();
        batch.add("sale-1", refused);
        batch.add("sale-2", stillQueued);
        refused.completeExceptionally(new IllegalArgumentException("refused"));
        CompletableFuture.delayedExecutor(700, java.util.concurrent.TimeUnit.MILLISECONDS)
                .execute(() -> stillQueued.completeExceptionally(new IllegalStateException("expired in the producer")));

        assertThatThrownBy(batch::awaitAll).hasMessageContaining("refused an event");
        assertThat(stillQueued).as("the producer is done with the batch's other record").isDone();
        assertThat(batch.failure()).isInstanceOf(IllegalArgumentException.class);
    }
}
