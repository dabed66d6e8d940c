package io.lemonadeoutbox.lemonade.publishing;

import java.util.List;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * The errors after which a Kafka producer cannot be used again (every later send fails the same way), so the shared
 * producer must be closed and created anew: the producer-level errors the Kafka client documents as fatal, a closed
 * producer, and a client-side {@link KafkaException} that is not about a record (the producer's own state).
 * A record's own failure (too large, a timeout, a partitioner refusing it) is not one of them.
 */
final class FatalProducerErrors {

    private static final List<Class<? extends Throwable>> FATAL = List.of(ProducerFencedException.class,
            OutOfOrderSequenceException.class, InvalidProducerEpochException.class, AuthenticationException.class,
            AuthorizationException.class, UnsupportedVersionException.class, IllegalStateException.class);

    private FatalProducerErrors() {
    }

    static boolean isFatal(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            Throwable current = cause;
            if (FATAL.stream().anyMatch(type -> type.isInstance(current))) {
                return true;
            }
            if (cause.getClass() == KafkaException.class && !(cause instanceof ApiException)
                    && !(cause instanceof InterruptException)) {
                return true;
            }
        }
        return false;
    }
}
