package io.lemonadeoutbox.lemonade.publishing;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Splits the publishing processor into segments so that several instances share the work through token claims.
 * <p>
 * The Kafka extension registers this processor itself ({@code registerTrackingEventProcessor(name)}), so
 * {@code axon.eventhandling.processors.__axon-kafka-event-publishing-group.*} would register it a second time and
 * fail the start ("Event processor with name ... already exists"). The extension's registration does look up a
 * {@link TrackingEventProcessorConfiguration} registered under the processor's name, which is what this adds.
 * An instance claims at most {@code threads} segments: give a standby instance as many threads as there are segments
 * and it takes over every segment of an instance that dies (after the token store's claim timeout).
 */
@Configuration
class PublishingSegments {

    /** Unsplit (the default), the processor keeps Axon's own default configuration untouched. */
    @Bean
    ConfigurerModule publishingProcessorSegments(PublishingProperties publishing) {
        if (publishing.segments() == 1 && publishing.threads() == 1) {
            return configurer -> { };
        }
        return configurer -> configurer.eventProcessing(processing ->
                processing.registerTrackingEventProcessorConfiguration(PublishingProperties.PROCESSOR,
                        axon -> TrackingEventProcessorConfiguration.forParallelProcessing(publishing.threads())
                                .andInitialSegmentsCount(publishing.segments())));
    }
}
