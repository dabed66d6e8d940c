package io.lemonadeoutbox.stack.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lemonadeoutbox.stack.LemonadeStackExtension;
import io.lemonadeoutbox.stack.RunningStack;
import io.lemonadeoutbox.stack.Shop;
import io.lemonadeoutbox.stack.StackDatabases;
import io.lemonadeoutbox.stack.audit.AuditReport;
import io.lemonadeoutbox.testkit.KafkaTopics;
import io.lemonadeoutbox.testkit.SaleRecords;
import io.lemonadeoutbox.testkit.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 3 end to end, both real jars on one stack: sales and refunds become cards; a re-sent record, a republished
 * history and a poison record make no second card and stop nothing. The steps build on each other, in order.
 */
@ExtendWith(LemonadeStackExtension.class)
@TestInstance(Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class EndToEndIT {

    static final String SOLD_TYPE = "io.lemonadeoutbox.lemonade.sale.LemonadeSold";
    static final String DUPLICATES = "thankyou_inbox_duplicates_total";
    private static final int SALES = 30;
    private static final int REFUNDS = 10;
    private static final Duration DRAIN = Duration.ofSeconds(90);

    private final String run = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    private RunningStack stack;
    private Shop shop;
    private KafkaTopics kafka;
    private StackDatabases audit;
    private int soldSoFar;

    @BeforeAll
    void connect(RunningStack stack) {
        this.stack = stack;
        shop = stack.shop();
        kafka = new KafkaTopics(stack.infrastructure().kafka().bootstrapServers());
        audit = new StackDatabases(stack);
    }

    @Test
    @Order(1)
    void everySaleGetsExactlyOneCardAndEveryRefundIsReflected() {
        List<String> sales = IntStream.rangeClosed(1, SALES).mapToObj(n -> run + "-" + n).toList();
        sales.forEach(shop::sell);
        sales.subList(0, REFUNDS).forEach(shop::refund);
        soldSoFar += SALES;

        AuditReport report = audit.awaitClean(soldSoFar, DRAIN);

        assertThat(report.refunds()).isEqualTo(REFUNDS);
        assertThat(report.events()).isEqualTo(SALES + REFUNDS);
        assertThat(audit.cardCount()).isEqualTo(SALES);
    }

    @Test
    @Order(2)
    void anExactCopyOfAPublishedRecordMakesNoSecondCard() {
        ConsumerRecord<String, byte[]> published = TopicReader.readAll(
                        stack.infrastructure().kafka().bootstrapServers(), stack.wiring().topic()).stream()
                .filter(record -> SOLD_TYPE.equals(TopicReader.header(record, "axon-message-type")))
                .findFirst().orElseThrow();
        double duplicatesBefore = shop.thankyouCounter(DUPLICATES);
        long cardsBefore = audit.cardCount();

        kafka.resend(published);

        await("the copy counted as a duplicate").atMost(DRAIN)
                .until(() -> shop.thankyouCounter(DUPLICATES) >= duplicatesBefore + 1);
        assertThat(audit.cardCount()).isEqualTo(cardsBefore);
        audit.awaitClean(soldSoFar, DRAIN);
    }

    @Test
    @Order(3)
    void aRepublishedHistoryMakesNoSecondCard() {
        double duplicatesBefore = shop.thankyouCounter(DUPLICATES);
        long cardsBefore = audit.cardCount();
        long events = audit.eventCount();

        assertThat(shop.republish(0)).isEqualTo(202);

        await("the republish to finish").atMost(DRAIN)
                .until(shop::republishState, "DONE"::equals);
        await("every republished event counted as a duplicate").atMost(DRAIN)
                .until(() -> shop.thankyouCounter(DUPLICATES) >= duplicatesBefore + events);
        assertThat(audit.cardCount()).isEqualTo(cardsBefore);
        audit.awaitClean(soldSoFar, DRAIN);
    }

    @Test
    @Order(4)
    void aPoisonRecordIsDeadLetteredWithItsReasonAndTheNextSaleOnItsPartitionIsCarded() {
        String saleId = run + "-after-poison";
        String poisonId = UUID.randomUUID().toString();
        kafka.send(new ProducerRecord<>(stack.wiring().topic(), null, saleId,
                "{\"saleId\": not json".getBytes(StandardCharsets.UTF_8), SaleRecords.soldHeaders(poisonId, saleId)));

        shop.sell(saleId);
        soldSoFar++;

        await("the card for the sale behind the poison record").atMost(DRAIN).until(() -> shop.hasCard(saleId));
        List<ConsumerRecord<String, byte[]>> onTopic = TopicReader.readAll(
                        stack.infrastructure().kafka().bootstrapServers(), stack.wiring().topic()).stream()
                .filter(record -> saleId.equals(record.key())).toList();
        assertThat(onTopic).as("the poison record and the sale share a key, so a partition")
                .hasSize(2).extracting(ConsumerRecord::partition).containsOnly(onTopic.get(0).partition());

        ConsumerRecord<String, byte[]> parked = await("the poison record on the dead-letter topic").atMost(DRAIN)
                .until(() -> TopicReader.readAll(stack.infrastructure().kafka().bootstrapServers(),
                        stack.wiring().deadLetterTopic()).stream()
                        .filter(record -> poisonId.equals(TopicReader.header(record, SaleRecords.EVENT_ID)))
                        .findFirst().orElse(null), record -> record != null);
        assertThat(TopicReader.header(parked, "x-dead-letter-reason")).contains("not valid JSON");

        AuditReport report = audit.awaitClean(soldSoFar, DRAIN);
        assertThat(report.deadLetters()).isEqualTo(1);
    }
}
