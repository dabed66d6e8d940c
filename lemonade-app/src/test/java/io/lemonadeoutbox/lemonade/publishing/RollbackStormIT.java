package io.lemonadeoutbox.lemonade.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lemonadeoutbox.lemonade.PipelineTest;
import io.lemonadeoutbox.lemonade.RealServers;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A storm of rolled-back appends: 12,000 global indexes handed out and never committed, as a crashed batch or a
 * failover leaves them. Each is a gap in the publisher's token, and every event read afterwards carries its own copy
 * of that token; kept for the whole gap timeout (75 s) they ran the app out of heap in the fault campaign. They are
 * given up within seconds (no transaction can commit into them): within 15 s, with sales coming in, the stored
 * tokens have none of them, where the gap timeout alone would keep them all for 75 s. Every sale is published.
 */
class RollbackStormIT extends PipelineTest {

    private static final int STORM = 12_000;

    @Autowired
    TransactionTemplate transactions;
    @Autowired
    ObjectMapper json;

    @Test
    void theGapsOfAStormOfRolledBackAppendsAreGivenUpWithinSeconds() {
        List<Long> storm = new ArrayList<>();
        transactions.executeWithoutResult(rollBack -> {
            storm.addAll(jdbc.sql("""
                    insert into domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                        meta_data, payload, payload_revision, payload_type, time_stamp)
                    select 'storm-' || gen_random_uuid(), 0, 'Sale', gen_random_uuid()::text, '\\x7b7d'::bytea,
                        '\\x7b7d'::bytea, '1', 'Nothing', now()::text
                    from generate_series(1, :rows)
                    returning global_index""").param("rows", STORM).query(Long.class).list());
            rollBack.setRollbackOnly();
        });
        String first = RealServers.uniqueName("after-storm");
        assertThat(sell(first, "Ada Lovelace", 1).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(topic.readUntilKeys(Set.of(first), Duration.ofSeconds(30))).isNotEmpty();
        // a token is stored with the events it passes, and a gap is probed once it is 250 ms old: sales keep coming,
        // as they do on a stand, and the one that matters is the first stored after the give-up
        long stormEnd = storm.get(storm.size() - 1);
        await("every segment's token past a later sale, with none of the storm's indexes left as gaps")
                .atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    String next = RealServers.uniqueName("after-storm");
                    assertThat(sell(next, "Grace Hopper", 1).getStatusCode()).isEqualTo(HttpStatus.CREATED);
                    assertThat(topic.readUntilKeys(Set.of(next), Duration.ofSeconds(30))).isNotEmpty();
                    long sold = eventStore.headGlobalIndex().orElseThrow();
                    assertThat(sold).isGreaterThan(stormEnd);
                    List<JsonNode> tokens = storedTokens();
                    assertThat(tokens).isNotEmpty().allSatisfy(token -> {
                        assertThat(token.path("index").asLong()).isGreaterThan(stormEnd);
                        TreeSet<Long> gaps = new TreeSet<>();
                        token.path("gaps").forEach(gap -> gaps.add(gap.asLong()));
                        assertThat(gaps).doesNotContainAnyElementsOf(storm);
                    });
                });
        assertThat(jdbc.sql("select count(*) from given_up_index where global_index = any(cast(:storm as bigint[]))")
                .param("storm", storm.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"))).query(Long.class).single())
                .as("the storm's indexes recorded as given up").isEqualTo(STORM);
    }

    private List<JsonNode> storedTokens() {
        return jdbc.sql("select token from token_entry where processor_name = :processor and token is not null")
                .param("processor", PublishingProperties.PROCESSOR)
                .query((row, n) -> row.getBytes("token")).list().stream().map(this::read).toList();
    }

    private JsonNode read(byte[] token) {
        try {
            return json.readTree(token);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
