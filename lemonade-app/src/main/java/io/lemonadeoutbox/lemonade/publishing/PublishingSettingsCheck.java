package io.lemonadeoutbox.lemonade.publishing;

import io.lemonadeoutbox.lemonade.eventstore.GapRules;
import io.lemonadeoutbox.lemonade.eventstore.GapSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.axonframework.extensions.kafka.eventhandling.producer.DefaultProducerFactory;
import org.axonframework.extensions.kafka.eventhandling.producer.ProducerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Refuses to start the application unless every setting that can drop a gap, and every timeout the publisher's
 * batch depends on, is in the order {@link PublishingLimits} requires: the event store's gap rules as built
 * ({@link GapRules}), PostgreSQL's {@code transaction_timeout} (PostgreSQL 17 or later), this host's clock against
 * PostgreSQL's, and the producer's delivery.timeout.ms, request.timeout.ms, linger.ms and max.block.ms.
 * <p>
 * {@code lemonade.unsafe.axon-default-gap-rules=true} skips the gap rules (Axon's defaults, no transaction_timeout
 * needed): only for negative controls, which the unsafe-switch convention makes loud.
 */
@Component
class PublishingSettingsCheck {

    private static final Logger log = LoggerFactory.getLogger(PublishingSettingsCheck.class);
    private static final Pattern SETTING = Pattern.compile("(\\d+)\\s*(ms|s|min|h|d)?");

    PublishingSettingsCheck(JdbcClient jdbc, PublishingProperties publishing, GapSettings gapSettings, GapRules gaps,
                            ProducerFactory<?, ?> producers) {
        int serverVersion = jdbc.sql("show server_version_num").query(Integer.class).single();
        if (serverVersion < 170000 && !gaps.axonDefaults()) {
            throw new IllegalStateException("refusing to start: PostgreSQL " + serverVersion / 10000 + " has no "
                    + "transaction_timeout. Run the event store on PostgreSQL 17 or later, so that no transaction can "
                    + "commit into a gap after the publisher gave it up");
        }
        Duration transactionTimeout = serverVersion < 170000 ? Duration.ZERO
                : parse(jdbc.sql("show transaction_timeout").query(String.class).single());
        ProducerConfig producer = producerConfig(producers);
        PublishingLimits limits = new PublishingLimits(gaps.gapTimeout(), gaps.maxGapOffset(),
                gaps.lowestGlobalSequence(), gapSettings.clockSkewMargin(), clockOffset(jdbc), transactionTimeout,
                publishing.ackTimeout(),
                millis(producer, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG),
                millis(producer, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG),
                millis(producer, ProducerConfig.LINGER_MS_CONFIG),
                millis(producer, ProducerConfig.MAX_BLOCK_MS_CONFIG));
        List<String> violations = new ArrayList<>(limits.timeoutViolations());
        if (!gaps.axonDefaults()) {
            violations.addAll(0, limits.gapViolations());
        }
        if (!violations.isEmpty()) {
            throw new IllegalStateException("refusing to start: " + String.join("; ", violations));
        }
        log.info("publishing settings in order: {}", limits);
    }

    /** A producer setting in milliseconds, whether the client declares it an int or a long. */
    static Duration millis(ProducerConfig producer, String name) {
        return Duration.ofMillis(((Number) producer.values().get(name)).longValue());
    }

    /** This host's clock minus PostgreSQL's, plus the uncertainty of the measurement (half the round trip). */
    private static Duration clockOffset(JdbcClient jdbc) {
        Instant before = Instant.now();
        Instant database = jdbc.sql("select clock_timestamp()").query(OffsetDateTime.class).single().toInstant();
        Instant after = Instant.now();
        Duration roundTrip = Duration.between(before, after);
        Duration offset = Duration.between(database, before.plus(roundTrip.dividedBy(2)));
        return offset.isNegative() ? offset.minus(roundTrip.dividedBy(2)) : offset.plus(roundTrip.dividedBy(2));
    }

    static ProducerConfig producerConfig(ProducerFactory<?, ?> producers) {
        if (!(producers instanceof DefaultProducerFactory<?, ?> factory)) {
            throw new IllegalStateException("refusing to start: cannot read the producer's settings from "
                    + producers.getClass().getName());
        }
        Map<String, Object> properties = factory.configurationProperties();
        return new ProducerConfig(properties);
    }

    static Duration parse(String setting) {
        Matcher matcher = SETTING.matcher(setting.trim());
        if (!matcher.matches()) {
            throw new IllegalStateException("cannot read PostgreSQL transaction_timeout '" + setting + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "min" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }
}
