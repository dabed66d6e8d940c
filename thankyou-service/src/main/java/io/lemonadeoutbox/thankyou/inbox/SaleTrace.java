package io.lemonadeoutbox.thankyou.inbox;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.springframework.stereotype.Component;

/**
 * Continues the trace that sold the lemonade. lemonade-app puts the W3C {@code traceparent} of the POST into the
 * event's metadata, which the Kafka publisher turns into the header {@code axon-metadata-traceparent}; writing the
 * card becomes a child span of that trace, so both services log the same trace id and the card stores it.
 */
@Component
class SaleTrace {

    private static final String METADATA_HEADER_PREFIX = "axon-metadata-";

    private final Tracer tracer;
    private final Propagator propagator;

    SaleTrace(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    Span continueFrom(Headers headers) {
        return propagator.extract(headers, SaleTrace::metadata).name("thank-you card").kind(Span.Kind.CONSUMER).start();
    }

    Tracer.SpanInScope inScope(Span span) {
        return tracer.withSpan(span);
    }

    private static String metadata(Headers headers, String key) {
        Header header = headers.lastHeader(METADATA_HEADER_PREFIX + key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
