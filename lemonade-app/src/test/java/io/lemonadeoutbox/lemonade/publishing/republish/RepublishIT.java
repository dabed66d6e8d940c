package io.lemonadeoutbox.lemonade.publishing.republish;

import static io.lemonadeoutbox.testkit.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lemonadeoutbox.lemonade.PipelineTest;
import io.lemonadeoutbox.lemonade.RealServers;
import io.lemonadeoutbox.lemonade.eventstore.StoredEvent;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** G6: history can be sent to Kafka again, with the original event ids, one republish at a time. */
class RepublishIT extends PipelineTest {

    @Autowired
    DataSource dataSource;

    @Test
    void republishingSendsHistoryAgainWithTheOriginalEventIds() {
        String first = RealServers.uniqueName("again");
        String second = RealServers.uniqueName("again");
        sell(first, "Ada Lovelace", 2);
        refund(first, "Too sour");
        sell(second, "Grace Hopper", 1);
        topic.readUntilKeys(List.of(first, second), Duration.ofSeconds(60));
        List<StoredEvent> history = List.of(eventStore.ofAggregate(first).get(0), eventStore.ofAggregate(first).get(1),
                eventStore.ofAggregate(second).get(0));
        long from = history.get(0).globalIndex();

        ResponseEntity<Map> started = republish(from);
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        await().atMost(Duration.ofSeconds(60)).until(() ->
                "DONE".equals(operator().getForObject("/api/operations/republish", Map.class).get("state")));

        List<ConsumerRecord<String, byte[]>> records = topic.readUntil(read -> history.stream().allMatch(event ->
                countWithId(read, event.eventId()) >= 2), Duration.ofSeconds(60));
        Map<String, List<String>> typesBySale = records.stream()
                .filter(r -> r.key().equals(first))
                .collect(Collectors.groupingBy(r -> header(r, "axon-message-id"),
                        Collectors.mapping(r -> header(r, "axon-message-type"), Collectors.toList())));
        assertThat(typesBySale).hasSize(2);
        List<String> orderOfFirst = records.stream().filter(r -> r.key().equals(first))
                .map(r -> header(r, "axon-message-type")).toList();
        assertThat(orderOfFirst.subList(2, 4)).containsExactly(
                "io.lemonadeoutbox.lemonade.sale.LemonadeSold", "io.lemonadeoutbox.lemonade.sale.SaleRefunded");
    }

    @Test
    void aRangeLongerThanOneBatchIsSentWholeInChunks() {
        List<String> sales = IntStream.range(0, publishing.batchSize() * 2 + 7)
                .mapToObj(i -> RealServers.uniqueName("chunked")).toList();
        sales.forEach(saleId -> sell(saleId, "Ada Lovelace", 1));
        topic.readUntilKeys(sales, Duration.ofSeconds(60));
        long from = eventStore.ofAggregate(sales.get(0)).get(0).globalIndex();

        assertThat(republish(from).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        Map<?, ?> done = await().atMost(Duration.ofSeconds(60)).until(
                () -> operator().getForObject("/api/operations/republish", Map.class),
                status -> "DONE".equals(status.get("state")));

        long to = ((Number) done.get("toGlobalIndex")).longValue();
        long inRange = jdbc.sql("select count(*) from domain_event_entry where global_index between ? and ?")
                .params(from, to).query(Long.class).single();
        assertThat(((Number) done.get("published")).longValue()).isEqualTo(inRange);
        List<String> eventIds = sales.stream().map(saleId -> eventStore.ofAggregate(saleId).get(0).eventId()).toList();
        topic.readUntil(read -> eventIds.stream().allMatch(id -> countWithId(read, id) == 2), Duration.ofSeconds(60));
    }

    @Test
    void anUpperBoundSendsTheRangeUpToItAndNothingAfter() {
        List<String> sales = IntStream.range(0, 3).mapToObj(i -> RealServers.uniqueName("bounded")).toList();
        sales.forEach(saleId -> sell(saleId, "Ada Lovelace", 1));
        topic.readUntilKeys(sales, Duration.ofSeconds(60));
        List<String> eventIds = sales.stream().map(saleId -> eventStore.ofAggregate(saleId).get(0).eventId()).toList();
        long from = eventStore.ofAggregate(sales.get(0)).get(0).globalIndex();
        long to = eventStore.ofAggregate(sales.get(1)).get(0).globalIndex();

        ResponseEntity<Map> started = operator().postForEntity("/api/operations/republish?fromGlobalIndex=" + from
                + "&toGlobalIndex=" + to, null, Map.class);
        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        Map<?, ?> done = await().atMost(Duration.ofSeconds(60)).until(
                () -> operator().getForObject("/api/operations/republish", Map.class),
                status -> "DONE".equals(status.get("state")));

        assertThat(((Number) done.get("toGlobalIndex")).longValue()).isEqualTo(to);
        long inRange = jdbc.sql("select count(*) from domain_event_entry where global_index between ? and ?")
                .params(from, to).query(Long.class).single();
        assertThat(((Number) done.get("published")).longValue()).isEqualTo(inRange);
        // the sales may be on different partitions, read in any order: wait for both copies of each, then read to
        // the end offsets, which hold everything the finished republish sent
        topic.readUntil(read -> countWithId(read, eventIds.get(0)) == 2 && countWithId(read, eventIds.get(1)) == 2,
                Duration.ofSeconds(60));
        List<ConsumerRecord<String, byte[]>> records = topic.readToEnd();
        assertThat(countWithId(records, eventIds.get(0))).isEqualTo(2);
        assertThat(countWithId(records, eventIds.get(2))).as("the sale after the bound is not sent again").isEqualTo(1);
    }

    @Test
    void aSecondRepublishIsRefusedWhileOneIsRunning() throws Exception {
        String saleId = RealServers.uniqueName("locked");
        sell(saleId, "Ada Lovelace", 1);
        long head = eventStore.headGlobalIndex().orElseThrow();
        try (Connection otherInstance = dataSource.getConnection(); Statement statement = otherInstance.createStatement()) {
            statement.execute("select pg_advisory_lock(" + Republisher.LOCK_KEY + ")");

            ResponseEntity<Map> refused = republish(head);

            assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
            assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            statement.execute("select pg_advisory_unlock(" + Republisher.LOCK_KEY + ")");
        }
        assertThat(republish(head).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        await().atMost(Duration.ofSeconds(60)).until(() ->
                "DONE".equals(operator().getForObject("/api/operations/republish", Map.class).get("state")));
    }

    @Test
    void aRepublishFromANegativeOrFutureIndexOrToAnIndexOutsideTheRangeIsA400() {
        long head = eventStore.headGlobalIndex().orElse(0);
        for (long from : new long[] {-1, head + 1000}) {
            ResponseEntity<Map> refused = republish(from);
            assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        }
        for (long to : new long[] {head - 1, head + 1000}) {
            ResponseEntity<Map> refused = operator().postForEntity("/api/operations/republish?fromGlobalIndex=" + head
                    + "&toGlobalIndex=" + to, null, Map.class);
            assertThat(refused.getStatusCode()).as("toGlobalIndex " + to).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        }
        assertThat(operator().postForEntity("/api/operations/republish?fromGlobalIndex=abc", null, Map.class)
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(operator().postForEntity("/api/operations/republish", null, Map.class)
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void onlyAnOperatorMayRepublishOrSeeItsStatus() {
        long eventsBefore = eventsInStore();
        for (TestRestTemplate caller : List.of(http, http.withBasicAuth(RealServers.OPERATOR, "wrong"))) {
            ResponseEntity<Map> refused = caller.postForEntity("/api/operations/republish?fromGlobalIndex=0", null,
                    Map.class);
            assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        }
        TestRestTemplate viewer = http.withBasicAuth(RealServers.VIEWER, RealServers.OPERATOR_PASSWORD);
        ResponseEntity<Map> forbidden = viewer.postForEntity("/api/operations/republish?fromGlobalIndex=0", null,
                Map.class);
        assertThat(forbidden.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(forbidden.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(viewer.getForEntity("/api/operations/republish", Map.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(http.getForEntity("/actuator/health", Map.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(http.getForEntity("/actuator/metrics", Map.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(eventsInStore()).isEqualTo(eventsBefore);
    }

    private ResponseEntity<Map> republish(long from) {
        return operator().postForEntity("/api/operations/republish?fromGlobalIndex=" + from, null, Map.class);
    }

    private TestRestTemplate operator() {
        return http.withBasicAuth(RealServers.OPERATOR, RealServers.OPERATOR_PASSWORD);
    }

    private static long countWithId(List<ConsumerRecord<String, byte[]>> records, String eventId) {
        return records.stream().filter(r -> eventId.equals(header(r, "axon-message-id"))).count();
    }
}
