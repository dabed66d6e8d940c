package io.lemonadeoutbox.lemonade.publishing;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The relay's settings. {@code lemonade.publishing.gap-timeout} and {@code clock-skew-margin} are the event store's
 * ({@link io.lemonadeoutbox.lemonade.eventstore.GapSettings}): it decides when a gap is given up.
 *
 * @param segments         how many segments the publishing processor is split into when its tokens are first
 *                         created (later changes need Axon's split/merge, not this setting)
 * @param threads          how many of those segments this instance may claim at once
 * @param batchSize        how many events the processor hands to the publisher per unit of work: the publisher
 *                         waits once for all their Kafka acks and the token is committed once per batch
 * @param ackTimeout       one deadline per batch, from its first send: past it the publisher sends no more of the
 *                         batch, lets the producer finish (or fail) what it holds, and gives the batch up; it is then
 *                         sent again and its token stays where it was. The producer's delivery.timeout.ms must not
 *                         exceed it, so that what timed out here has really failed in the producer
 */
@Validated
@ConfigurationProperties("lemonade.publishing")
public record PublishingProperties(@NotBlank String topic, @Positive int partitions, @Positive short replicas,
                                   @DefaultValue("1") @Positive int segments, @DefaultValue("1") @Positive int threads,
                                   @DefaultValue("100") @Positive int batchSize,
                                   @DefaultValue("10s") @NotNull Duration ackTimeout) {

    /** The tracking processor the Kafka extension registers for its publisher. */
    public static final String PROCESSOR = "__axon-kafka-event-publishing-group";
}
