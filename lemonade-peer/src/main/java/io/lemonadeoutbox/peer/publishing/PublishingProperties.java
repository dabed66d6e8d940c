package io.lemonadeoutbox.peer.publishing;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param topic          where sales go; the same property and default as lemonade-app's, so the benchmark and the
 *                       fault campaign point both stands at a topic the same way
 * @param resubmitEvery  how often publications still incomplete are sent again while the app runs
 * @param resubmitAfter  how old an incomplete publication must be before it is sent again; longer than the
 *                       producer's delivery timeout, so a send still in flight is not doubled in normal operation
 */
@Validated
@ConfigurationProperties("lemonade.publishing")
public record PublishingProperties(@NotBlank String topic, @Positive int partitions, @Positive short replicas,
                                   @NotNull Duration resubmitEvery, @NotNull Duration resubmitAfter) {
}
