package io.lemonadeoutbox.lemonade.publishing;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param gapTimeout       how long the publishing processor waits for a missing global index to commit before it
 *                         gives up on it for ever (Axon's gap timeout)
 * @param gapTimeoutMargin how far below the gap timeout PostgreSQL's transaction_timeout must stay
 */
@Validated
@ConfigurationProperties("lemonade.publishing")
public record PublishingProperties(@NotBlank String topic, @Positive int partitions, @Positive short replicas,
                                   @NotNull Duration gapTimeout, @NotNull Duration gapTimeoutMargin) {

    /** The tracking processor the Kafka extension registers for its publisher. */
    public static final String PROCESSOR = "__axon-kafka-event-publishing-group";
}
