package io.lemonadeoutbox.thankyou.inbox;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lemonadeoutbox.api.StorableText;
import io.lemonadeoutbox.thankyou.inbox.SalesEvent.LemonadeSold;
import io.lemonadeoutbox.thankyou.inbox.SalesEvent.LemonadeSoldRevision1;
import io.lemonadeoutbox.thankyou.inbox.SalesEvent.SaleRefunded;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Reads records of topic lemonade.sales as contract/lemonade.sales/README.md describes them: Jackson binds the
 * payload into {@link SalesEvent}'s records, strictly typed, and Bean Validation checks their rules (a text this
 * service could not store exactly is one). Unknown JSON fields are ignored (a newer revision may add some); anything
 * required that is missing or malformed, and any type or revision this service does not know, is a
 * {@link PoisonRecordException} naming what is wrong.
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
    public static final String REVISION_2 = "2";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // a number is not a name and "2" is not two cups: no coercion between scalar types
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Validator RULES = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator())
            .buildValidatorFactory().getValidator();

    private WireContract() {
    }

    public static IncomingEvent parse(String key, Headers headers, byte[] value) {
        String eventId = requiredText(headers, ID);
        String type = requiredText(headers, TYPE);
        String revision = requiredText(headers, REVISION);
        RULES.validateValue(IncomingEvent.class, "eventId", eventId).stream().findFirst().ifPresent(broken -> {
            throw new PoisonRecordException("header " + ID + " " + broken.getMessage());
        });
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

    /** Binds by type and the {@code axon-message-revision} header; every revision is read as the newest one. */
    public static SalesEvent parsePayload(String type, String revision, byte[] value) {
        String event = switch (type) {
            case LEMONADE_SOLD -> "LemonadeSold";
            case SALE_REFUNDED -> "SaleRefunded";
            default -> throw new PoisonRecordException("unknown event type " + quote(type));
        };
        if (LEMONADE_SOLD.equals(type) && REVISION_1.equals(revision)) {
            return valid(event, bind(event, LemonadeSoldRevision1.class, value)).asRevision2();
        }
        if (LEMONADE_SOLD.equals(type) && REVISION_2.equals(revision)) {
            return valid(event, bind(event, LemonadeSold.class, value));
        }
        if (SALE_REFUNDED.equals(type) && REVISION_1.equals(revision)) {
            return valid(event, bind(event, SaleRefunded.class, value));
        }
        throw new PoisonRecordException("unknown revision " + quote(revision) + " of " + event);
    }

    private static <T> T valid(String event, T payload) {
        firstBroken(RULES.validate(payload)).ifPresent(broken -> {
            throw new PoisonRecordException(event + "." + broken.getPropertyPath() + " " + broken.getMessage());
        });
        return payload;
    }

    private static <T> T bind(String event, Class<T> payloadType, byte[] value) {
        if (value == null) {
            throw new PoisonRecordException(event + " record has no value");
        }
        try {
            T payload = JSON.readValue(value, payloadType);
            if (payload == null) {
                throw new PoisonRecordException(event + " payload is not a JSON object");
            }
            return payload;
        } catch (MismatchedInputException e) {
            throw new PoisonRecordException(e.getPath().isEmpty()
                    ? event + " payload is not a JSON object"
                    : event + "." + path(e) + " has the wrong JSON type, expected " + simpleName(e.getTargetType()), e);
        } catch (JsonMappingException e) {
            throw new PoisonRecordException(event + "." + path(e) + " is malformed: " + e.getOriginalMessage(), e);
        } catch (JacksonException e) {
            throw new PoisonRecordException(event + " payload is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PoisonRecordException(event + " payload is unreadable: " + e.getMessage(), e);
        }
    }

    /** One broken rule, the same every time the record is read: by field path, a missing value before its other rules. */
    private static <T> Optional<ConstraintViolation<T>> firstBroken(Set<ConstraintViolation<T>> violations) {
        return violations.stream().min(Comparator
                .comparing((ConstraintViolation<T> v) -> v.getPropertyPath().toString())
                .thenComparing(v -> v.getConstraintDescriptor().getAnnotation() instanceof NotNull ? 0 : 1));
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String simpleName(Class<?> type) {
        return type == null ? "another type" : type.getSimpleName();
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

    /** Quotes what a record said in a reason that is itself stored: every code point a store cannot keep as U+XXXX. */
    private static String quote(String text) {
        if (text == null) {
            return "(none)";
        }
        StringBuilder quoted = new StringBuilder("'");
        text.codePoints().forEach(c -> {
            String character = new String(Character.toChars(c));
            if (StorableText.Validator.problemWith(character, false).isPresent()) {
                quoted.append(String.format("U+%04X", c));
            } else {
                quoted.append(character);
            }
        });
        return quoted.append('\'').toString();
    }
}
