package io.lemonadeoutbox.thankyou.inbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

@ConfigurationProperties("thankyou")
public record InboxProperties(String topic, String deadLetterTopic, int deadLetterTopicPartitions, Retry retry) {

    /** Bounded exponential back-off for transient failures (database down, ...) before a record is dead-lettered. */
    public record Retry(Duration initialInterval, double multiplier, Duration maxInterval, int maxRetries) {}
}
