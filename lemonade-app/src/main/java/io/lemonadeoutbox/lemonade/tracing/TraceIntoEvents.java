package io.lemonadeoutbox.lemonade.tracing;

import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One trace from the POST to the card: the W3C {@code traceparent} of the request travels in the command's
 * metadata, Axon copies it into every event the command applies, and the Kafka publisher sends event metadata as
 * {@code axon-metadata-*} headers, where thankyou-service picks the trace up again.
 */
@Configuration
class TraceIntoEvents {

    static final String TRACEPARENT = "traceparent";

    TraceIntoEvents(CommandBus commandBus, Tracer tracer, Propagator propagator) {
        commandBus.registerDispatchInterceptor(commands -> (index, command) -> {
            TraceContext current = tracer.currentTraceContext().context();
            if (current == null) {
                return command;
            }
            Map<String, String> carrier = new HashMap<>();
            propagator.inject(current, carrier, Map::put);
            return carrier.containsKey(TRACEPARENT)
                    ? command.andMetaData(Map.of(TRACEPARENT, carrier.get(TRACEPARENT)))
                    : command;
        });
    }

    /**
     * Declaring any provider replaces Axon's default, so its message-origin provider is declared again. Static: Axon's
     * configuration needs the providers before the command bus exists, and this class's constructor needs the bus.
     */
    @Bean
    static CorrelationDataProvider messageOrigin() {
        return new MessageOriginProvider();
    }

    @Bean
    static CorrelationDataProvider traceparentIntoEvents() {
        return new SimpleCorrelationDataProvider(TRACEPARENT);
    }
}
