package io.lemonadeoutbox.lemonade.publishing;

import java.time.Duration;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaPublisher;
import org.axonframework.extensions.kafka.eventhandling.producer.ProducerFactory;
import org.axonframework.extensions.kafka.eventhandling.producer.TopicResolver;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The publishing processor: how many events it takes per batch, how it is split into segments, and the publisher
 * that waits for a whole batch's Kafka acks at once.
 * <p>
 * The Kafka extension registers this processor itself ({@code registerTrackingEventProcessor(name)}), so
 * {@code axon.eventhandling.processors.__axon-kafka-event-publishing-group.*} would register it a second time and
 * fail the start ("Event processor with name ... already exists"). The extension's registration does look up a
 * {@link TrackingEventProcessorConfiguration} registered under the processor's name, which is what this adds.
 * An instance claims at most {@code threads} segments: give a standby instance as many threads as there are segments
 * and it takes over every segment of an instance that dies (after the token store's claim timeout).
 */
@Configuration
class PublishingProcessor {

    @Bean
    ConfigurerModule publishingProcessorSettings(PublishingProperties publishing) {
        return configurer -> configurer.eventProcessing(processing ->
                processing.registerTrackingEventProcessorConfiguration(PublishingProperties.PROCESSOR,
                        axon -> TrackingEventProcessorConfiguration.forParallelProcessing(publishing.threads())
                                .andInitialSegmentsCount(publishing.segments())
                                .andBatchSize(publishing.batchSize())));
    }

    /** Replaces the extension's publisher, which waits for each event's ack before it sends the next. */
    @Bean
    <K, V> KafkaPublisher<K, V> kafkaPublisher(ProducerFactory<K, V> producers, KafkaMessageConverter<K, V> converter,
                                               TopicResolver topics, PublishingProperties publishing,
                                               org.axonframework.config.Configuration axon,
                                               @Value("${lemonade.unsafe.skip-ack-wait:false}") boolean skipAckWait,
                                               @Value("${lemonade.unsafe.skip-per-sale-order-wait:false}")
                                               boolean skipPerSaleOrderWait) {
        Duration deliveryTimeout = PublishingSettingsCheck.millis(PublishingSettingsCheck.producerConfig(producers),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
        return new BatchAcknowledgedKafkaPublisher<>(producers, converter, topics,
                new BatchAcknowledgedKafkaPublisher.Settings(publishing.ackTimeout(), deliveryTimeout, skipAckWait,
                        skipPerSaleOrderWait),
                axon.messageMonitor(KafkaPublisher.class, "kafkaPublisher"));
    }
}
