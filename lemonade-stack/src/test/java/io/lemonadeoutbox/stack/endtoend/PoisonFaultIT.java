package io.lemonadeoutbox.stack.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lemonadeoutbox.stack.LemonadeStackExtension;
import io.lemonadeoutbox.stack.RunningStack;
import io.lemonadeoutbox.stack.Shop;
import io.lemonadeoutbox.stack.StackDatabases;
import io.lemonadeoutbox.stack.audit.AuditReport;
import io.lemonadeoutbox.testkit.KafkaTopics;
import io.lemonadeoutbox.testkit.SaleRecords;
import io.lemonadeoutbox.testkit.TopicReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Poison never stops the flow: undeserializable bytes, an unknown event type, and a sale whose card the database
 * keeps refusing (a real trigger that raises for that one sale id) are each parked on the dead-letter topic with their
 * reason, and every other sale, before and after, of the same partition or another, is carded. The audit then names
 * exactly the parked sale as missing.
 */
class PoisonFaultIT {

    private static final Duration DRAIN = Duration.ofSeconds(150);

    @RegisterExtension
    static final LemonadeStackExtension STACK = FaultStack.extension();

    @Test
    void onlyThePoisonIsParkedAndEveryOtherSaleIsCarded(RunningStack stack) {
        Shop shop = stack.shop();
        StackDatabases audit = new StackDatabases(stack);
        KafkaTopics kafka = new KafkaTopics(stack.infrastructure().kafka().bootstrapServers());
        String topic = stack.wiring().topic();
        String run = "poison-" + UUID.randomUUID().toString().substring(0, 8);
        String cursed = run + "-cursed";
        audit.execute(stack.thankyouJdbcUrl(), """
                create function refuse_cursed_sale() returns trigger language plpgsql as $$
                begin
                    if new.sale_id = '%s' then
                        raise exception 'the card printer jams on sale %%', new.sale_id;
                    end if;
                    return new;
                end $$""".formatted(cursed));
        audit.execute(stack.thankyouJdbcUrl(), """
                create trigger refuse_cursed_sale before insert on card
                for each row execute function refuse_cursed_sale()""");

        IntStream.rangeClosed(1, 5).forEach(n -> shop.sell(run + "-before-" + n));
        String garbledId = UUID.randomUUID().toString();
        String garbledKey = run + "-garbled";
        kafka.send(new ProducerRecord<>(topic, null, garbledKey, new byte[] {(byte) 0xC3, 0x28, 0x00, (byte) 0xFF},
                SaleRecords.soldHeaders(garbledId, garbledKey)));
        String unknownId = UUID.randomUUID().toString();
        String unknownKey = run + "-unknown";
        RecordHeaders unknownType = SaleRecords.soldHeaders(unknownId, unknownKey);
        unknownType.remove("axon-message-type");
        unknownType.add("axon-message-type", "io.lemonadeoutbox.lemonade.sale.LemonadeSpilled"
                .getBytes(StandardCharsets.UTF_8));
        kafka.send(new ProducerRecord<>(topic, null, unknownKey,
                ("{\"saleId\": \"" + unknownKey + "\"}").getBytes(StandardCharsets.UTF_8), unknownType));
        shop.sell(cursed);
        List<String> after = IntStream.rangeClosed(1, 15).mapToObj(n -> run + "-after-" + n).toList();
        after.forEach(shop::sell);

        Map<String, String> reasons = await("three records parked").atMost(DRAIN)
                .until(() -> parkedReasons(stack), parked -> parked.size() >= 3);
        System.out.println("dead letters: " + reasons);
        assertThat(reasons).hasSize(3);
        assertThat(reasons.get(garbledKey)).contains("not valid JSON");
        assertThat(reasons.get(unknownKey)).contains("unknown event type");
        assertThat(reasons.get(cursed)).contains("the card printer jams on sale " + cursed);

        await("every other sale carded").atMost(DRAIN).until(() -> after.stream().allMatch(shop::hasCard));
        AuditReport report = await("the audit to settle on the parked sale").atMost(DRAIN)
                .until(audit::audit, settled -> settled.cards() == 20);
        System.out.print(report.describe());
        assertThat(report.sales()).isEqualTo(21);
        assertThat(report.missingCardSaleIds()).containsExactly(cursed);
        assertThat(report.unpublishedEventIds()).hasSize(1);
        assertThat(report.duplicateCards() + report.orphanCards() + report.refundsNotReflected()).isZero();
        assertThat(report.deadLetters()).isEqualTo(3);

        // The operator fixes the printer, then retries the parked sale: it is carded, and the audit is clean.
        audit.execute(stack.thankyouJdbcUrl(), "drop trigger refuse_cursed_sale on card");
        assertThat(retryDeadLetterOf(stack, cursed)).isEqualTo(200);
        AuditReport repaired = await("the retried sale carded").atMost(DRAIN)
                .until(audit::audit, settled -> settled.cards() == 21);
        System.out.print(repaired.describe());
        assertThat(repaired.clean()).isTrue();
    }

    private static int retryDeadLetterOf(RunningStack stack, String saleId) {
        try {
            HttpClient http = HttpClient.newHttpClient();
            String authorization = stack.operator().basicAuthorization();
            HttpResponse<String> parked = http.send(HttpRequest.newBuilder(
                            URI.create(stack.thankyouServiceUrl("/api/operations/dead-letters?limit=500")))
                    .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofString());
            long id = StreamSupport.stream(new ObjectMapper().readTree(parked.body()).spliterator(), false)
                    .filter(deadLetter -> saleId.equals(deadLetter.path("key").asText()))
                    .mapToLong(deadLetter -> deadLetter.path("id").asLong())
                    .findFirst().orElseThrow();
            return http.send(HttpRequest.newBuilder(
                            URI.create(stack.thankyouServiceUrl("/api/operations/dead-letters/" + id + "/retry")))
                    .header("Authorization", authorization).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> parkedReasons(RunningStack stack) {
        return TopicReader.readAll(stack.infrastructure().kafka().bootstrapServers(),
                stack.wiring().deadLetterTopic()).stream()
                .collect(Collectors.toMap(ConsumerRecord::key,
                        record -> String.valueOf(TopicReader.header(record, "x-dead-letter-reason")),
                        (first, again) -> first));
    }
}
