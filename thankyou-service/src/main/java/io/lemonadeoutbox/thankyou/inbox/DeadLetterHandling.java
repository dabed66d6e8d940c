package io.lemonadeoutbox.thankyou.inbox;

import java.nio.charset.StandardCharsets;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * What happens to a record that failed, by {@link RecordFailure}'s kind: the record's own fault is dead-lettered at
 * once; a lost race gets the bounded retries of {@code thankyou.retry}, then is dead-lettered; a database outage is
 * waited out with back-off for as long as it lasts, since parking every record of an outage would turn it into
 * missing cards (G1). A dead letter counts only once it is both on the dead-letter topic and in the
 * {@code dead_letter} table: until then the record is not acknowledged (its offset is not committed), the partition
 * waits on it, and health is DOWN. Boot wires this handler into the listener container.
 */
@Configuration
class DeadLetterHandling {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterHandling.class);
    static final String REASON_HEADER = "x-dead-letter-reason";
    private static final int MAX_REASON_LENGTH = 500;
    private static final BackOff AT_ONCE = new FixedBackOff(0, 0);

    @Bean
    NewTopic deadLetterTopic(InboxProperties properties) {
        return TopicBuilder.name(properties.deadLetterTopic())
                .partitions(properties.deadLetterTopicPartitions())
                .build();
    }

    @Bean
    DefaultErrorHandler salesErrorHandler(KafkaOperations<?, ?> kafka, DeadLetters deadLetters,
                                          ConsumerHealth health, InboxProperties properties) {
        // Partition -1: the producer picks it from the key, so one sale's dead letters stay in order whatever
        // the dead-letter topic's partition count.
        var publisher = new DeadLetterPublishingRecoverer(kafka,
                (record, failure) -> new TopicPartition(properties.deadLetterTopic(), -1));
        publisher.setHeadersFunction((record, failure) -> new RecordHeaders()
                .add(REASON_HEADER, reason(failure).getBytes(StandardCharsets.UTF_8)));
        var recoverer = new RecordedDeadLetter(publisher, deadLetters, health, recordingBackOff(properties));

        var handler = new DefaultErrorHandler(recoverer, bounded(properties));
        handler.setBackOffFunction((record, failure) -> {
            RecordFailure kind = kind(failure);
            if (kind instanceof RecordFailure.DatabaseUnavailable) {
                return untilTheDatabaseIsBack(properties);
            }
            return kind instanceof RecordFailure.Contention ? bounded(properties) : AT_ONCE;
        });
        return handler;
    }

    /**
     * Sends a dead letter to the topic (once per record and process, so a retry of the table insert does not send
     * it again), then inserts its row, retrying the insert with back-off. If the row still cannot be written, it
     * throws: Spring Kafka then keeps the record unacknowledged and delivers it again, and the partition waits.
     */
    static final class RecordedDeadLetter implements ConsumerRecordRecoverer {

        private final DeadLetterPublishingRecoverer publisher;
        private final DeadLetters deadLetters;
        private final ConsumerHealth health;
        private final BackOff recordingBackOff;
        private final Set<String> sentNotRecorded = ConcurrentHashMap.newKeySet();

        RecordedDeadLetter(DeadLetterPublishingRecoverer publisher, DeadLetters deadLetters, ConsumerHealth health,
                           BackOff recordingBackOff) {
            this.publisher = publisher;
            this.deadLetters = deadLetters;
            this.health = health;
            this.recordingBackOff = recordingBackOff;
        }

        @Override
        public void accept(ConsumerRecord<?, ?> record, Exception failure) {
            String id = record.topic() + "-" + record.partition() + "@" + record.offset();
            String reason = reason(failure);
            if (!sentNotRecorded.contains(id)) {
                publisher.accept(record, failure); // throws if the dead-letter topic is unreachable: then retried
                sentNotRecorded.add(id);
            }
            BackOffExecution pause = recordingBackOff.start();
            while (true) {
                try {
                    deadLetters.record(record, reason);
                    sentNotRecorded.remove(id);
                    health.moving(record.topic(), record.partition(), ConsumerHealth.Stalled.DEAD_LETTER_NOT_RECORDED);
                    return;
                } catch (RuntimeException e) {
                    String why = "dead letter " + id + " is on the dead-letter topic but not in the dead_letter "
                            + "table: " + e.getClass().getSimpleName() + ": " + e.getMessage();
                    health.stalled(record.topic(), record.partition(), record.offset(),
                            ConsumerHealth.Stalled.DEAD_LETTER_NOT_RECORDED, oneLine(why));
                    long next = pause.nextBackOff();
                    if (next == BackOffExecution.STOP) {
                        log.error("{}; the record stays unacknowledged and is delivered again", why, e);
                        throw new IllegalStateException(oneLine(why), e);
                    }
                    log.warn("{}; trying again in {} ms", why, next);
                    sleep(next);
                }
            }
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while recording a dead letter", e);
            }
        }
    }

    static RecordFailure kind(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RecordFailure classified) {
                return classified;
            }
        }
        return RecordFailure.classify(failure, false);
    }

    private static BackOff bounded(InboxProperties properties) {
        var backOff = new ExponentialBackOffWithMaxRetries(properties.retry().maxRetries());
        backOff.setInitialInterval(properties.retry().initialInterval().toMillis());
        backOff.setMultiplier(properties.retry().multiplier());
        backOff.setMaxInterval(properties.retry().maxInterval().toMillis());
        return backOff;
    }

    private static BackOff untilTheDatabaseIsBack(InboxProperties properties) {
        var backOff = new ExponentialBackOff(properties.retry().initialInterval().toMillis(),
                properties.retry().multiplier());
        backOff.setMaxInterval(properties.retry().maxInterval().toMillis());
        return backOff;
    }

    /** A few tries within one delivery; then the record is delivered again and this starts over. */
    private static BackOff recordingBackOff(InboxProperties properties) {
        return bounded(properties);
    }

    /** One line: the record's own reason, or the type and message of what failed for good. */
    static String reason(Throwable failure) {
        return oneLine(kind(failure).reason());
    }

    private static String oneLine(String reason) {
        String oneLine = reason.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_REASON_LENGTH ? oneLine : oneLine.substring(0, MAX_REASON_LENGTH - 1) + "…";
    }
}
