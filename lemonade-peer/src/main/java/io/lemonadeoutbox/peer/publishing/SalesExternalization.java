package io.lemonadeoutbox.peer.publishing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lemonadeoutbox.peer.sale.SaleEvent;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.support.converter.ByteArrayJsonMessageConverter;
import org.springframework.kafka.support.converter.RecordMessageConverter;
import org.springframework.messaging.Message;
import org.springframework.modulith.events.EventExternalizationConfiguration;
import org.springframework.modulith.events.RoutingTarget;

/**
 * Modulith externalizes every {@code @Externalized} event after its transaction committed. The routing is set here
 * rather than in the annotation so the topic can be configured like lemonade-app's ({@code lemonade.publishing.topic},
 * default {@code lemonade.sales} as in the annotation), and the key is the sale id. The mapping turns the event into
 * a Message: Modulith computes headers from the mapped payload, so only a Message keeps the event's id, sequence
 * and time, which are not part of the payload.
 */
@Configuration(proxyBeanMethods = false)
class SalesExternalization {

    @Bean
    EventExternalizationConfiguration saleEventsToKafka(PublishingProperties publishing) {
        return EventExternalizationConfiguration.externalizing()
                .select(EventExternalizationConfiguration.annotatedAsExternalized())
                .route(SaleEvent.class, event -> RoutingTarget.forTarget(publishing.topic()).andKey(event.saleId()))
                .mapping(SaleEvent.class, WireContract::message)
                .build();
    }

    /**
     * Modulith's own converter (a ByteArrayJsonMessageConverter with the application's ObjectMapper) also adds a
     * {@code __TypeId__} header naming the peer's Java class; the contract has no such header, so this one writes
     * the same JSON and only the contract's headers. Boot's KafkaTemplate picks it up, and Modulith then backs off.
     * {@code lemonade.unsafe.modulith-type-headers=true} (a negative control) leaves Modulith's converter in place.
     */
    @Bean
    @ConditionalOnProperty(name = "lemonade.unsafe.modulith-type-headers", havingValue = "false", matchIfMissing = true)
    RecordMessageConverter contractOnlyHeaders(ObjectMapper json) {
        return new ByteArrayJsonMessageConverter(json) {
            @Override
            protected Headers initialRecordHeaders(Message<?> message) {
                return new RecordHeaders();
            }
        };
    }

    @Bean
    NewTopic salesTopic(PublishingProperties publishing) {
        return TopicBuilder.name(publishing.topic())
                .partitions(publishing.partitions())
                .replicas(publishing.replicas())
                .build();
    }
}
