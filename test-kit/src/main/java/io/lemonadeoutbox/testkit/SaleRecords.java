package io.lemonadeoutbox.testkit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Records on the sales topic exactly as contract/lemonade.sales/README.md says lemonade-app writes them: the header
 * names, the event types, headers with 8-byte longs, and payload JSON.
 */
public final class SaleRecords {

    public static final String LEMONADE_SOLD = "io.lemonadeoutbox.lemonade.sale.LemonadeSold";
    public static final String SALE_REFUNDED = "io.lemonadeoutbox.lemonade.sale.SaleRefunded";
    public static final String EVENT_ID = "axon-message-id";
    public static final String TYPE = "axon-message-type";
    public static final String REVISION = "axon-message-revision";

    private SaleRecords() {
    }

    /** The headers of one event of a sale: its id, type, revision 1, the sale as aggregate, and now as timestamp. */
    public static RecordHeaders headers(String eventId, String type, String saleId, long sequence) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(EVENT_ID, utf8(eventId));
        headers.add(TYPE, utf8(type));
        headers.add(REVISION, utf8("1"));
        headers.add("axon-message-aggregate-id", utf8(saleId));
        headers.add("axon-message-aggregate-type", utf8("Sale"));
        headers.add("axon-message-aggregate-seq", longBytes(sequence));
        headers.add("axon-message-timestamp", longBytes(System.currentTimeMillis()));
        return headers;
    }

    /** The headers of a sale's first event, its LemonadeSold. */
    public static RecordHeaders soldHeaders(String eventId, String saleId) {
        return headers(eventId, LEMONADE_SOLD, saleId, 0);
    }

    /** A LemonadeSold payload at 2.50 EUR a cup. */
    public static String soldJson(String saleId, String name, String email, int cups) {
        return """
                {"saleId":"%s","customer":{"name":"%s","email":"%s"},"cups":%d,\
                "unitPrice":{"cents":250,"currency":"EUR"},"total":{"cents":%d,"currency":"EUR"},\
                "soldAt":"2026-11-27T10:15:30Z"}""".formatted(saleId, name, email, cups, cups * 250);
    }

    /** A SaleRefunded payload for Ada Lovelace's 5.00 EUR sale. */
    public static String refundedJson(String saleId, String reason) {
        return """
                {"saleId":"%s","customer":{"name":"Ada Lovelace","email":"ada@example.com"},\
                "total":{"cents":500,"currency":"EUR"},"reason":"%s","refundedAt":"2026-11-27T10:20:00Z"}\
                """.formatted(saleId, reason);
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] longBytes(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }
}
