package io.lemonadeoutbox.thankyou.inbox;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Poison records go to the dead-letter topic at once; anything else is retried with a bounded back-off first.
 * Either way the partition moves on and the consumer stays up. Boot wires this handler into the listener container.
 */
@Configuration
class DeadLetterHandling {

    static final String REASON_HEADER = "x-dead-letter-reason";
    private static final int MAX_REASON_LENGTH = 500;

    @Bean
    NewTopic deadLetterTopic(InboxProperties properties) {
        return TopicBuilder.name(properties.deadLetterTopic())
                .partitions(properties.deadLetterTopicPartitions())
                .build();
    }

    @Bean
    DefaultErrorHandler salesErrorHandler(KafkaOperations<?, ?> kafka, DeadLetters deadLetters,
                                          InboxProperties properties) {
        // Partition -1: the producer picks it from the key, so one sale's dead letters stay in order whatever
        // the dead-letter topic's partition count.
        var publisher = new DeadLetterPublishingRecoverer(kafka,
                (record, failure) -> new TopicPartition(properties.deadLetterTopic(), -1));
        publisher.setHeadersFunction((record, failure) -> new RecordHeaders()
                .add(REASON_HEADER, reason(failure).getBytes(StandardCharsets.UTF_8)));

        ConsumerRecordRecoverer recoverer = (record, failure) -> {
            publisher.accept(record, failure); // throws if the dead-letter topic is unreachable: then it is retried
            deadLetters.record(record, reason(failure));
        };

        var backOff = new ExponentialBackOffWithMaxRetries(properties.retry().maxRetries());
        backOff.setInitialInterval(properties.retry().initialInterval().toMillis());
        backOff.setMultiplier(properties.retry().multiplier());
        backOff.setMaxInterval(properties.retry().maxInterval().toMillis());

        var handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(PoisonRecordException.class);
        handler.setBackOffFunction((record, failure) -> isOutage(failure) ? untilTheDatabaseIsBack(properties) : null);
        return handler;
    }

    /**
     * Parking a record because our own database is down would turn an outage into missing cards (G1): every
     * record would fail the same way. So an outage is retried for as long as it lasts; the partition waits, and
     * resumes where it stopped. Only a record that fails on its own is dead-lettered after bounded retries.
     */
    static boolean isOutage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException
                    || cause instanceof TransientDataAccessException
                    || cause instanceof CannotCreateTransactionException
                    || cause instanceof java.sql.SQLTransientConnectionException
                    || cause instanceof java.sql.SQLException sql && isConnectionLoss(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** SQLSTATE class 08 (connection exception) and 57P (the server is shutting down or starting up). */
    private static boolean isConnectionLoss(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57P"));
    }

    private static BackOff untilTheDatabaseIsBack(InboxProperties properties) {
        var backOff = new ExponentialBackOff(properties.retry().initialInterval().toMillis(),
                properties.retry().multiplier());
        backOff.setMaxInterval(properties.retry().maxInterval().toMillis());
        return backOff;
    }

    /** One line: a poison record's own reason, or the type and message of what failed for good. */
    static String reason(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof ListenerExecutionFailedException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String reason = cause instanceof PoisonRecordException
                ? cause.getMessage()
                : "failed after retries: " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
        String oneLine = reason.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_REASON_LENGTH ? oneLine : oneLine.substring(0, MAX_REASON_LENGTH - 1) + "…";
    }
}
