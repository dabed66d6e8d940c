package io.lemonadeoutbox.lemonade.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.lemonadeoutbox.lemonade.PipelineTest;
import io.lemonadeoutbox.lemonade.RealServers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

/** Pitfall 3: no large objects, and global indexes handed out one at a time. */
class EventStoreSchemaIT extends PipelineTest {

    @Test
    void noColumnIsALargeObject() {
        List<String> oidColumns = jdbc.sql("""
                select table_name || '.' || column_name from information_schema.columns
                 where table_schema = 'public' and data_type = 'oid'""").query(String.class).list();
        assertThat(oidColumns).isEmpty();
        assertThat(jdbc.sql("""
                select data_type from information_schema.columns
                 where table_name = 'domain_event_entry' and column_name in ('payload', 'meta_data')""")
                .query(String.class).list()).containsOnly("bytea");
    }

    @Test
    void globalIndexComesFromASequenceThatStepsByOneWithoutPreallocation() {
        Map<String, Object> sequence = jdbc.sql("""
                select increment_by, cache_size from pg_sequences
                 where sequencename = pg_get_serial_sequence('domain_event_entry', 'global_index')::regclass::text
                    or schemaname || '.' || sequencename = pg_get_serial_sequence('domain_event_entry', 'global_index')""")
                .query().singleRow();
        assertThat(sequence).containsEntry("increment_by", 1L).containsEntry("cache_size", 1L);
    }

    @Test
    void theEventStoreCanBeReadOverRest() {
        String saleId = RealServers.uniqueName("read");
        sell(saleId, "Ada Lovelace", 2);
        refund(saleId, "Too sour");

        List<Map<String, Object>> events = http.exchange("/api/sales/" + saleId + "/events", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
        assertThat(events).extracting(e -> e.get("sequenceNumber")).containsExactly(0, 1);
        assertThat(events).extracting(e -> e.get("type")).containsExactly(
                "io.lemonadeoutbox.lemonade.sale.LemonadeSold", "io.lemonadeoutbox.lemonade.sale.SaleRefunded");
        long first = ((Number) events.get(0).get("globalIndex")).longValue();

        List<Map<String, Object>> page = http.exchange("/api/events?after=" + (first - 1) + "&limit=2",
                HttpMethod.GET, null, new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
        assertThat(page).hasSize(2);
        assertThat(page.get(0)).containsEntry("aggregateId", saleId);

        assertThat(http.getForEntity("/api/events?limit=0", Map.class).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(http.getForEntity("/api/events?after=x", Map.class).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(http.getForEntity("/api/sales/nobody/events", Map.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }
}
