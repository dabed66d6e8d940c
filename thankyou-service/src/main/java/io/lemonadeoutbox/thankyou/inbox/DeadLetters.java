package io.lemonadeoutbox.thankyou.inbox;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The operators' view of the dead-letter topic: what failed, where it came from, why, and its exact bytes. */
@Repository
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String SELECT = """
            select id, topic, kafka_partition, kafka_offset, record_key, reason, dead_lettered_at, resolution,
                   resolved_at, resolved_by, payload, headers::text as headers
              from dead_letter""";

    private final JdbcClient jdbc;
    private final Counter deadLetters;

    public DeadLetters(JdbcClient jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.deadLetters = Counter.builder("thankyou.dead_letters")
                .description("Records sent to the dead-letter topic")
                .register(meters);
    }

    /**
     * Called after the record is on the dead-letter topic; throws if the row cannot be written, and the caller keeps
     * the record unacknowledged until it is. Idempotent per record position: a dead letter recorded before a crash
     * and delivered again is not recorded twice.
     */
    public void record(ConsumerRecord<?, ?> record, String reason) {
        int inserted = jdbc.sql("""
                        insert into dead_letter (topic, kafka_partition, kafka_offset, record_key, reason, payload, headers)
                        select :topic, :partition, :offset, :key, :reason, :payload, cast(:headers as jsonb)
                         where not exists (select 1 from dead_letter
                                            where topic = :topic and kafka_partition = :partition and kafka_offset = :offset)
                        """)
                .param("topic", record.topic())
                .param("partition", record.partition())
                .param("offset", record.offset())
                .param("key", record.key() == null ? null : record.key().toString())
                .param("reason", reason)
                .param("payload", record.value() instanceof byte[] bytes ? bytes : null)
                .param("headers", headersAsJson(record))
                .update();
        if (inserted == 1) {
            deadLetters.increment();
        }
        log.warn("Dead-lettered {}-{}@{} key={}: {}", record.topic(), record.partition(), record.offset(),
                record.key(), reason);
    }

    public List<DeadLetter> newestFirst(boolean unresolvedOnly, int limit) {
        return jdbc.sql(SELECT + (unresolvedOnly ? " where resolution is null" : "") + " order by id desc limit :limit")
                .param("limit", limit)
                .query(DeadLetters::toDeadLetter)
                .list();
    }

    public Optional<DeadLetter> find(long id) {
        return jdbc.sql(SELECT + " where id = :id").param("id", id).query(DeadLetters::toDeadLetter).optional();
    }

    /** Marks an unresolved dead letter resolved; false if another operator resolved it first. */
    public boolean resolve(long id, String resolution, String operator) {
        return jdbc.sql("""
                        update dead_letter set resolution = :resolution, resolved_at = now(), resolved_by = :operator
                         where id = :id and resolution is null""")
                .param("id", id).param("resolution", resolution).param("operator", operator)
                .update() == 1;
    }

    private static DeadLetter toDeadLetter(ResultSet row, int rowNumber) throws SQLException {
        Timestamp resolvedAt = row.getTimestamp("resolved_at");
        return new DeadLetter(row.getLong("id"), row.getString("topic"), row.getInt("kafka_partition"),
                row.getLong("kafka_offset"), row.getString("record_key"), row.getString("reason"),
                row.getTimestamp("dead_lettered_at").toInstant(), row.getString("resolution"),
                resolvedAt == null ? null : resolvedAt.toInstant(), row.getString("resolved_by"),
                row.getBytes("payload"), row.getString("headers"));
    }

    /** The stored headers, exact bytes, in record order: what a retry sends again. */
    static List<Header> headersOf(DeadLetter deadLetter) {
        try {
            List<Header> headers = new ArrayList<>();
            for (JsonNode header : JSON.readTree(deadLetter.headers())) {
                headers.add(new RecordHeader(header.path("name").asText(),
                        Base64.getDecoder().decode(header.path("base64").asText())));
            }
            return headers;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("dead letter " + deadLetter.id() + " has unreadable headers", e);
        }
    }

    /** Each header as {name, text (when valid UTF-8), base64 (always: exact bytes for a retry)}, in record order. */
    static String headersAsJson(ConsumerRecord<?, ?> record) {
        List<Map<String, String>> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("name", header.key());
            byte[] value = header.value() == null ? new byte[0] : header.value();
            String text = utf8(value);
            if (text != null) {
                entry.put("text", text);
            }
            entry.put("base64", Base64.getEncoder().encodeToString(value));
            headers.add(entry);
        }
        try {
            return JSON.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String utf8(byte[] value) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value)).toString();
            return text.chars().anyMatch(c -> Character.isISOControl(c)) ? null : text;
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
