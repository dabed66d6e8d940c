package io.lemonadeoutbox.lemonade.publishing;

import static io.lemonadeoutbox.testkit.TopicReader.header;
import static io.lemonadeoutbox.testkit.TopicReader.longHeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lemonadeoutbox.lemonade.PipelineTest;
import io.lemonadeoutbox.lemonade.RealServers;
import io.lemonadeoutbox.lemonade.eventstore.StoredEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

class PublishingIT extends PipelineTest {

    private static final Logger log = LoggerFactory.getLogger(PublishingIT.class);

    @Autowired
    ObjectMapper json;

    @Test
    void everyEventReachesTheTopicKeyedBySaleWithItsHeadersAndPayloadInOrder() throws Exception {
        String lemon = RealServers.uniqueName("pub");
        String other = RealServers.uniqueName("pub");
        assertThat(sell(lemon, "Ada Lovelace", 2).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(sell(other, "Grace Hopper", 1).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(refund(lemon, "Too sour").getStatusCode()).isEqualTo(HttpStatus.OK);

        List<ConsumerRecord<String, byte[]>> records = topic.readUntil(
                read -> read.stream().filter(r -> r.key().equals(lemon)).count() >= 2
                        && read.stream().anyMatch(r -> r.key().equals(other)), Duration.ofSeconds(60));

        List<StoredEvent> stored = eventStore.ofAggregate(lemon);
        List<ConsumerRecord<String, byte[]>> published = records.stream().filter(r -> r.key().equals(lemon)).toList();
        assertThat(published).hasSize(2);
        assertThat(published.get(0).partition()).isEqualTo(published.get(1).partition());
        for (int i = 0; i < 2; i++) {
            ConsumerRecord<String, byte[]> record = published.get(i);
            StoredEvent event = stored.get(i);
            assertThat(header(record, "axon-message-id")).isEqualTo(event.eventId());
            assertThat(header(record, "axon-message-type")).isEqualTo(event.type());
            assertThat(header(record, "axon-message-revision")).isEqualTo(event.revision());
            assertThat(header(record, "axon-message-aggregate-id")).isEqualTo(lemon);
            assertThat(header(record, "axon-message-aggregate-type")).isEqualTo("Sale");
            assertThat(longHeader(record, "axon-message-aggregate-seq")).isEqualTo(i);
            assertThat(longHeader(record, "axon-message-timestamp")).isPositive();
            assertThat(json.readTree(record.value())).isEqualTo(event.payload());
        }
        assertThat(header(published.get(0), "axon-message-type")).isEqualTo("io.lemonadeoutbox.lemonade.sale.LemonadeSold");
        assertThat(header(published.get(1), "axon-message-type")).isEqualTo("io.lemonadeoutbox.lemonade.sale.SaleRefunded");
        assertThat(header(published.get(0), "axon-message-revision")).isEqualTo("2");
        assertThat(header(published.get(1), "axon-message-revision")).isEqualTo("1");
        assertThat(json.readTree(published.get(0).value()).path("total").path("cents").asLong()).isEqualTo(500);
    }

    @Test
    void theTokenCatchesUpWithTheHeadOfTheEventStore() {
        String saleId = RealServers.uniqueName("token");
        sell(saleId, "Ada Lovelace", 1);
        topic.readUntilKeys(List.of(saleId), Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                token.committedIndex().orElse(-1) >= eventStore.headGlobalIndex().orElseThrow());
    }

    /** Not an assertion on speed: a figure for the note, measured on whatever machine runs the tests. */
    @Test
    void measuresHowFastSalesArePublished() throws Exception {
        int sales = 200;
        List<String> ids = IntStream.range(0, sales).mapToObj(i -> RealServers.uniqueName("rate")).toList();
        long started = System.nanoTime();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> posts = new ArrayList<>();
            for (String id : ids) {
                posts.add(clients.submit(() -> assertThat(sell(id, "Ada Lovelace", 1).getStatusCode())
                        .isEqualTo(HttpStatus.CREATED)));
            }
            for (Future<?> post : posts) {
                post.get();
            }
        } finally {
            clients.shutdownNow();
        }
        long accepted = System.nanoTime();
        topic.readUntilKeys(ids, Duration.ofSeconds(120));
        long published = System.nanoTime();
        log.info("MEASURED {} sales: accepted at {} sales/s over REST (4 clients), all on Kafka at {} events/s",
                sales, rate(sales, accepted - started), rate(sales, published - started));
    }

    private static long rate(int count, long nanos) {
        return Math.round(count / (nanos / 1e9));
    }
}
