package io.lemonadeoutbox.lemonade.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.extensions.kafka.eventhandling.producer.DefaultProducerFactory;
import org.junit.jupiter.api.Test;

/** Reading the producer's effective timeouts as application.yml gives them (strings) or as Kafka defaults them. */
class PublishingSettingsCheckTest {

    @Test
    void readsEveryTimeoutWhetherSetAsTextOrLeftToKafkasDefault() {
        DefaultProducerFactory<String, byte[]> producers = DefaultProducerFactory.<String, byte[]>builder()
                .configuration(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1",
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000",
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000"))
                .build();
        ProducerConfig config = PublishingSettingsCheck.producerConfig(producers);

        assertThat(PublishingSettingsCheck.millis(config, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG))
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(PublishingSettingsCheck.millis(config, ProducerConfig.MAX_BLOCK_MS_CONFIG))
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(PublishingSettingsCheck.millis(config, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(PublishingSettingsCheck.millis(config, ProducerConfig.LINGER_MS_CONFIG)).isGreaterThanOrEqualTo(Duration.ZERO);
    }

    @Test
    void readsPostgresDurations() {
        assertThat(PublishingSettingsCheck.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(PublishingSettingsCheck.parse("0")).isZero();
        assertThat(PublishingSettingsCheck.parse("5min")).isEqualTo(Duration.ofMinutes(5));
        assertThat(PublishingSettingsCheck.parse("1500ms")).isEqualTo(Duration.ofMillis(1500));
    }
}
