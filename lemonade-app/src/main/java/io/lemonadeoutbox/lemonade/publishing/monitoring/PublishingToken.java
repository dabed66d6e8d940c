package io.lemonadeoutbox.lemonade.publishing.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lemonadeoutbox.lemonade.publishing.PublishingProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.OptionalLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The publisher's durable bookmark, read from {@code token_entry} as it is committed (not from the processor's
 * memory): every event at or below {@code index}, except those in {@code gaps}, has been acknowledged by Kafka.
 */
@Component
public class PublishingToken {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    PublishingToken(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The lowest committed position over all segments; empty before the first event was published. */
    public OptionalLong committedIndex() {
        List<byte[]> tokens = jdbc.sql("select token from token_entry where processor_name = ?")
                .params(PublishingProperties.PROCESSOR)
                .query((row, n) -> row.getBytes("token"))
                .list();
        OptionalLong lowest = OptionalLong.empty();
        for (byte[] token : tokens) {
            if (token == null) {
                return OptionalLong.empty();
            }
            long index = read(token).path("index").asLong();
            if (lowest.isEmpty() || index < lowest.getAsLong()) {
                lowest = OptionalLong.of(index);
            }
        }
        return lowest;
    }

    private JsonNode read(byte[] token) {
        try {
            return json.readTree(token);
        } catch (IOException e) {
            throw new UncheckedIOException("publishing token is not JSON", e);
        }
    }
}
