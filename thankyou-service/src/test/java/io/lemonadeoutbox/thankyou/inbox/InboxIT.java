package io.lemonadeoutbox.thankyou.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lemonadeoutbox.testkit.SaleRecords;
import io.lemonadeoutbox.thankyou.RealServersTest;
import io.lemonadeoutbox.thankyou.card.Card;
import io.lemonadeoutbox.thankyou.card.CardRepository;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;

@AutoConfigureObservability // Boot switches trace propagation off in tests unless asked for
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class InboxIT extends RealServersTest {

    @Autowired CardRepository cards;
    @Autowired JdbcClient jdbc;
    @Autowired MeterRegistry meters;
    @Autowired KafkaListenerEndpointRegistry listeners;
    @Autowired KafkaAdmin kafkaAdmin;

    @Test
    void aSaleMakesOneCard() {
        double written = counter("thankyou.cards.written");
        String saleId = newSaleId();
        String eventId = UUID.randomUUID().toString();

        sales.send(sales.soldRecord(eventId, saleId, "Ada Lovelace", 2));

        Card card = awaitCard(saleId);
        assertThat(card.customerName()).isEqualTo("Ada Lovelace");
        assertThat(card.customerEmail()).isEqualTo("ada.lovelace@example.com");
        assertThat(card.cups()).isEqualTo(2);
        assertThat(card.message()).isEqualTo("Thank you, Ada, for buying 2 cups of lemonade!");
        assertThat(card.eventId()).isEqualTo(eventId);
        assertThat(card.createdAt()).isBefore(Instant.now().plusSeconds(1));
        assertThat(card.refunded()).isFalse();
        assertThat(card.refundedAt()).isNull();
        assertThat(card.refundReason()).isNull();
        assertThat(cardsFor(saleId)).isEqualTo(1);
        assertThat(counter("thankyou.cards.written")).isEqualTo(written + 1);
    }

    @Test
    void theCardContinuesTheTraceThatSoldTheLemonade() {
        String saleId = newSaleId();
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        var record = sales.soldRecord(UUID.randomUUID().toString(), saleId, "Ada Lovelace", 1);
        record.headers().add("axon-metadata-traceparent",
                SaleRecords.utf8("00-" + traceId + "-00f067aa0ba902b7-01"));

        sales.send(record);

        assertThat(awaitCard(saleId).traceId()).isEqualTo(traceId);
    }

    @Test
    void aCardWithoutAnIncomingTraceStartsItsOwn() {
        String saleId = newSaleId();
        sales.send(sales.soldRecord(UUID.randomUUID().toString(), saleId, "Ada Lovelace", 1));

        assertThat(awaitCard(saleId).traceId()).matches("[0-9a-f]{16,32}");
    }

    @Test
    void theSameEventIdAtTwoOffsetsMakesOneCard() {
        double duplicates = counter("thankyou.inbox.duplicates");
        double written = counter("thankyou.cards.written");
        String saleId = newSaleId();
        String eventId = UUID.randomUUID().toString();
        var record = sales.soldRecord(eventId, saleId, "Grace Hopper", 1);

        RecordMetadata first = sales.send(record);
        RecordMetadata second = sales.send(record);

        assertThat(second.partition()).isEqualTo(first.partition());
        assertThat(second.offset()).isGreaterThan(first.offset());
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(counter("thankyou.inbox.duplicates")).isEqualTo(duplicates + 1));
        assertThat(cardsFor(saleId)).isEqualTo(1);
        assertThat(counter("thankyou.cards.written")).isEqualTo(written + 1);
        assertThat(jdbc.sql("select kafka_offset from inbox where event_id = ?").param(eventId).query(Long.class).single())
                .as("the inbox keeps where the event was first delivered").isEqualTo(first.offset());
    }

    @Test
    void theSameRecordDeliveredTwiceMakesOneCard() throws Exception {
        String saleId = newSaleId();
        RecordMetadata sent = sales.send(sales.soldRecord(UUID.randomUUID().toString(), saleId, "Alan Turing", 3));
        awaitCard(saleId);
        TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
        var container = listeners.getListenerContainer("thankyou-sales");

        container.stop();
        long end;
        try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> admin
                    .alterConsumerGroupOffsets(sales.groupId, Map.of(partition, new OffsetAndMetadata(sent.offset())))
                    .all().get());
            end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition).get().offset();
        }
        double duplicates = counter("thankyou.inbox.duplicates");
        double written = counter("thankyou.cards.written");
        container.start();

        long redelivered = end - sent.offset();
        assertThat(redelivered).isPositive();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(counter("thankyou.inbox.duplicates")).isEqualTo(duplicates + redelivered));
        assertThat(cardsFor(saleId)).isEqualTo(1);
        assertThat(counter("thankyou.cards.written")).isEqualTo(written);
    }

    @Test
    void aRefundMarksTheCard() {
        String saleId = newSaleId();
        sales.send(sales.soldRecord(UUID.randomUUID().toString(), saleId, "Ada Lovelace", 2));
        String refundId = UUID.randomUUID().toString();

        sales.send(sales.record(refundId, SaleRecords.SALE_REFUNDED, saleId, 1,
                SaleRecords.refundedJson(saleId, "Too sour")));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(cards.find(saleId)).hasValueSatisfying(card -> {
                    assertThat(card.refunded()).isTrue();
                    assertThat(card.refundReason()).isEqualTo("Too sour");
                    assertThat(card.refundedAt()).isEqualTo(Instant.parse("2026-11-27T10:20:00Z"));
                }));
        assertThat(cardsFor(saleId)).isEqualTo(1);
        assertThat(jdbc.sql("select refund_event_id from card where sale_id = ?").param(saleId).query(String.class).single())
                .isEqualTo(refundId);
    }

    /**
     * After the topic was lost and history republished, a sale's refund can reach the new topic before its
     * LemonadeSold does. It is out of order, not poison: kept, applied when the card is written, and no dead letter.
     * Re-delivering either event afterwards changes nothing.
     */
    @Test
    void aRefundBeforeItsSaleIsKeptAndAppliedWhenTheSaleArrives() {
        String saleId = newSaleId();
        String refundId = UUID.randomUUID().toString();
        String saleEventId = UUID.randomUUID().toString();
        var refund = sales.record(refundId, SaleRecords.SALE_REFUNDED, saleId, 1,
                SaleRecords.refundedJson(saleId, "Too sour"));
        var sale = sales.soldRecord(saleEventId, saleId, "Ada Lovelace", 2);

        sales.send(refund);
        await().atMost(Duration.ofSeconds(30)).until(() -> pendingRefunds(saleId) == 1);
        assertThat(cards.find(saleId)).isEmpty();
        sales.send(sale);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(cards.find(saleId)).hasValueSatisfying(card -> {
                    assertThat(card.refunded()).isTrue();
                    assertThat(card.refundReason()).isEqualTo("Too sour");
                    assertThat(card.refundedAt()).isEqualTo(Instant.parse("2026-11-27T10:20:00Z"));
                    assertThat(card.eventId()).isEqualTo(saleEventId);
                }));
        assertThat(pendingRefunds(saleId)).isZero();
        assertThat(refundEventId(saleId)).isEqualTo(refundId);

        double duplicates = counter("thankyou.inbox.duplicates");
        sales.send(refund);
        sales.send(sale);
        await().atMost(Duration.ofSeconds(30)).until(() -> counter("thankyou.inbox.duplicates") == duplicates + 2);
        Card card = cards.find(saleId).orElseThrow();
        assertThat(card.refunded()).isTrue();
        assertThat(card.eventId()).isEqualTo(saleEventId);
        assertThat(cardsFor(saleId)).isEqualTo(1);
        assertThat(refundEventId(saleId)).isEqualTo(refundId);
        assertThat(pendingRefunds(saleId)).isZero();
        assertThat(jdbc.sql("select count(*) from dead_letter where record_key = ?").param(saleId)
                .query(Long.class).single()).as("no dead letter for the sale's events").isZero();
    }

    @Test
    void theSchemaHasNoLargeObjectColumns() {
        var tables = jdbc.sql("select table_name from information_schema.tables where table_schema = 'public'")
                .query(String.class).set();
        assertThat(tables).contains("inbox", "card", "dead_letter");
        var oidColumns = jdbc.sql("""
                        select table_name || '.' || column_name from information_schema.columns
                        where table_schema = 'public' and (data_type = 'oid' or udt_name in ('oid', 'lo'))
                        """)
                .query(String.class).list();
        assertThat(oidColumns).isEmpty();
        assertThat(jdbc.sql("""
                        select data_type from information_schema.columns
                        where table_schema = 'public' and table_name = 'dead_letter' and column_name = 'payload'
                        """).query(String.class).single()).isEqualTo("bytea");
    }

    private Card awaitCard(String saleId) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cards.find(saleId)).isPresent());
        return cards.find(saleId).orElseThrow();
    }

    private long cardsFor(String saleId) {
        return jdbc.sql("select count(*) from card where sale_id = ?").param(saleId).query(Long.class).single();
    }

    private long pendingRefunds(String saleId) {
        return jdbc.sql("select count(*) from pending_refund where sale_id = ?").param(saleId).query(Long.class)
                .single();
    }

    private String refundEventId(String saleId) {
        return jdbc.sql("select refund_event_id from card where sale_id = ?").param(saleId).query(String.class)
                .single();
    }

    private double counter(String name) {
        return meters.counter(name).count();
    }

    private static String newSaleId() {
        return "sale-" + UUID.randomUUID();
    }
}
