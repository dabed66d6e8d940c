package io.lemonadeoutbox.thankyou.inbox;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lemonadeoutbox.thankyou.inbox.SalesEvent.Customer;
import io.lemonadeoutbox.thankyou.inbox.SalesEvent.LemonadeSold;
import io.lemonadeoutbox.thankyou.inbox.SalesEvent.Money;
import io.lemonadeoutbox.thankyou.inbox.SalesEvent.SaleRefunded;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Reads records of topic lemonade.sales as contract/lemonade.sales/README.md describes them. Unknown JSON fields
 * are ignored (a newer revision may add some); anything required that is missing or malformed, and any type or
 * revision this service does not know, is a {@link PoisonRecordException} naming what is wrong.
 */
public final class WireContract {

    public static final String ID = "axon-message-id";
    public static final String TYPE = "axon-message-type";
    public static final String REVISION = "axon-message-revision";
    public static final String AGGREGATE_ID = "axon-message-aggregate-id";
    public static final String SEQUENCE = "axon-message-aggregate-seq";
    public static final String TIMESTAMP = "axon-message-timestamp";

    public static final String LEMONADE_SOLD = "io.lemonadeoutbox.lemonade.sale.LemonadeSold";
    public static final String SALE_REFUNDED = "io.lemonadeoutbox.lemonade.sale.SaleRefunded";
    public static final String REVISION_1 = "1";

    private static final ObjectMapper JSON = new ObjectMapper();

    private WireContract() {
    }

    public static IncomingEvent parse(String key, Headers headers, byte[] value) {
        String eventId = requiredText(headers, ID);
        String type = requiredText(headers, TYPE);
        String revision = requiredText(headers, REVISION);
        SalesEvent payload = parsePayload(type, revision, value);
        if (key == null || !key.equals(payload.saleId())) {
            throw new PoisonRecordException("record key " + quote(key) + " is not the sale id " + quote(payload.saleId()));
        }
        String aggregateId = optionalText(headers, AGGREGATE_ID);
        if (aggregateId != null && !aggregateId.equals(payload.saleId())) {
            throw new PoisonRecordException("header " + AGGREGATE_ID + " " + quote(aggregateId)
                    + " is not the sale id " + quote(payload.saleId()));
        }
        Long sequence = optionalLong(headers, SEQUENCE);
        Long timestamp = optionalLong(headers, TIMESTAMP);
        return new IncomingEvent(eventId, type, revision, aggregateId, sequence,
                timestamp == null ? null : Instant.ofEpochMilli(timestamp), payload);
    }

    public static SalesEvent parsePayload(String type, String revision, byte[] value) {
        String event = switch (type) {
            case LEMONADE_SOLD -> "LemonadeSold";
            case SALE_REFUNDED -> "SaleRefunded";
            default -> throw new PoisonRecordException("unknown event type " + quote(type));
        };
        if (!REVISION_1.equals(revision)) {
            throw new PoisonRecordException("unknown revision " + quote(revision) + " of " + event);
        }
        JsonNode root = readJson(event, value);
        Fields fields = new Fields(event, root);
        return switch (type) {
            case LEMONADE_SOLD -> new LemonadeSold(
                    fields.text("saleId"),
                    customer(fields.object("customer")),
                    fields.positiveInt("cups"),
                    money(fields.object("unitPrice")),
                    money(fields.object("total")),
                    fields.instant("soldAt"));
            case SALE_REFUNDED -> new SaleRefunded(
                    fields.text("saleId"),
                    customer(fields.object("customer")),
                    money(fields.object("total")),
                    fields.text("reason"),
                    fields.instant("refundedAt"));
            default -> throw new IllegalStateException("unreachable: " + type);
        };
    }

    private static Customer customer(Fields customer) {
        return new Customer(customer.text("name"), customer.text("email"));
    }

    private static Money money(Fields money) {
        return new Money(money.wholeNumber("cents"), money.text("currency"));
    }

    private static JsonNode readJson(String event, byte[] value) {
        if (value == null) {
            throw new PoisonRecordException(event + " record has no value");
        }
        try {
            JsonNode root = JSON.readTree(value);
            if (root == null || !root.isObject()) {
                throw new PoisonRecordException(event + " payload is not a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new PoisonRecordException(event + " payload is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new PoisonRecordException(event + " payload is unreadable: " + e.getMessage(), e);
        }
    }

    private record Fields(String path, JsonNode node) {

        JsonNode required(String name) {
            JsonNode field = node.get(name);
            if (field == null || field.isNull()) {
                throw new PoisonRecordException(path + "." + name + " is missing");
            }
            return field;
        }

        String text(String name) {
            JsonNode field = required(name);
            if (!field.isTextual() || field.asText().isBlank()) {
                throw new PoisonRecordException(path + "." + name + " must be a non-blank string");
            }
            return field.asText();
        }

        long wholeNumber(String name) {
            JsonNode field = required(name);
            if (!field.isIntegralNumber() || !field.canConvertToLong()) {
                throw new PoisonRecordException(path + "." + name + " must be a whole number");
            }
            return field.longValue();
        }

        int positiveInt(String name) {
            JsonNode field = required(name);
            if (!field.isIntegralNumber() || !field.canConvertToInt() || field.intValue() < 1) {
                throw new PoisonRecordException(path + "." + name + " must be a positive whole number");
            }
            return field.intValue();
        }

        Instant instant(String name) {
            String text = text(name);
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new PoisonRecordException(path + "." + name + " is not an ISO-8601 instant: " + quote(text));
            }
        }

        Fields object(String name) {
            JsonNode field = required(name);
            if (!field.isObject()) {
                throw new PoisonRecordException(path + "." + name + " must be a JSON object");
            }
            return new Fields(path + "." + name, field);
        }
    }

    private static String requiredText(Headers headers, String name) {
        String value = optionalText(headers, name);
        if (value == null || value.isBlank()) {
            throw new PoisonRecordException("header " + name + " is missing");
        }
        return value;
    }

    private static String optionalText(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Long optionalLong(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        if (header == null || header.value() == null) {
            return null;
        }
        if (header.value().length != Long.BYTES) {
            throw new PoisonRecordException("header " + name + " must be an 8-byte long, was "
                    + header.value().length + " bytes");
        }
        return ByteBuffer.wrap(header.value()).getLong();
    }

    private static String quote(String text) {
        return text == null ? "(none)" : "'" + text + "'";
    }
}
