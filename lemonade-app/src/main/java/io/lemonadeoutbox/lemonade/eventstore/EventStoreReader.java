package io.lemonadeoutbox.lemonade.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads the event store table directly, for people: the application itself reads it through Axon. */
@Component
public class EventStoreReader {

    private static final String COLUMNS = """
            select global_index, event_identifier, aggregate_identifier, sequence_number, payload_type,
                   payload_revision, time_stamp, payload, meta_data
              from domain_event_entry
            """;

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    EventStoreReader(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public List<StoredEvent> after(long globalIndex, int limit) {
        return jdbc.sql(COLUMNS + " where global_index > ? order by global_index limit ?")
                .params(globalIndex, limit)
                .query(this::toEvent)
                .list();
    }

    public List<StoredEvent> ofAggregate(String aggregateId) {
        return jdbc.sql(COLUMNS + " where aggregate_identifier = ? order by sequence_number")
                .params(aggregateId)
                .query(this::toEvent)
                .list();
    }

    public OptionalLong headGlobalIndex() {
        Long head = jdbc.sql("select max(global_index) from domain_event_entry").query(Long.class).single();
        return head == null ? OptionalLong.empty() : OptionalLong.of(head);
    }

    private StoredEvent toEvent(ResultSet row, int rowNumber) throws SQLException {
        return new StoredEvent(row.getLong("global_index"), row.getString("event_identifier"),
                row.getString("aggregate_identifier"), row.getLong("sequence_number"), row.getString("payload_type"),
                row.getString("payload_revision"), row.getString("time_stamp"), parse(row.getBytes("payload")),
                parse(row.getBytes("meta_data")));
    }

    private JsonNode parse(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("event store holds a payload that is not JSON", e);
        }
    }
}
