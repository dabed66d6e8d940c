package io.lemonadeoutbox.peer.publishing;

import io.lemonadeoutbox.peer.sale.SaleEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * The record contract/lemonade.sales/README.md describes, built from a {@link SaleEvent}: the payload as the value,
 * the rest as Axon-named headers. Every header value is a byte[], which spring-kafka's header mapper writes as it is:
 * a String would be written as UTF-8 too but listed in an extra {@code spring_json_header_types} header, and a Long
 * would be written as JSON text ("1"), not as the 8-byte big-endian long the contract and thankyou-service need.
 */
public final class WireContract {

    public static final String ID = "axon-message-id";
    public static final String TYPE = "axon-message-type";
    public static final String REVISION = "axon-message-revision";
    public static final String AGGREGATE_ID = "axon-message-aggregate-id";
    public static final String AGGREGATE_TYPE = "axon-message-aggregate-type";
    public static final String SEQUENCE = "axon-message-aggregate-seq";
    public static final String TIMESTAMP = "axon-message-timestamp";

    private WireContract() {
    }

    /** The message Modulith's Kafka externalizer sends as it is (it keeps the headers of a Message payload). */
    public static Message<?> message(SaleEvent event) {
        return MessageBuilder.withPayload(event.payload()).copyHeaders(headers(event)).build();
    }

    static Map<String, Object> headers(SaleEvent event) {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(ID, utf8(event.eventId().toString()));
        headers.put(TYPE, utf8(event.payload().contractType()));
        headers.put(REVISION, utf8("1"));
        headers.put(AGGREGATE_ID, utf8(event.saleId()));
        headers.put(AGGREGATE_TYPE, utf8("Sale"));
        headers.put(SEQUENCE, bigEndian(event.sequence()));
        headers.put(TIMESTAMP, bigEndian(event.occurredAt().toEpochMilli()));
        return headers;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bigEndian(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }
}
