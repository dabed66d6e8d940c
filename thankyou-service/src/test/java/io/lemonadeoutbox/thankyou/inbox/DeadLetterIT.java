package io.lemonadeoutbox.thankyou.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.lemonadeoutbox.thankyou.SalesTopicFixture;
import io.lemonadeoutbox.thankyou.card.CardRepository;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Each poison record lands on the dead-letter topic and table, and the next sale on its partition is still carded. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class DeadLetterIT {

    static final SalesTopicFixture sales = new SalesTopicFixture("deadletter");
    static SalesTopicFixture.DeadLetterReader deadLetterTopic;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        sales.register(registry);
    }

    @AfterAll
    static void close() {
        if (deadLetterTopic != null) {
            deadLetterTopic.close();
        }
        sales.close();
    }

    @Autowired CardRepository cards;
    @Autowired JdbcClient jdbc;
    @Autowired MeterRegistry meters;

    @BeforeEach
    void readDeadLetterTopic() {
        if (deadLetterTopic == null) {
            deadLetterTopic = sales.deadLetterReader(); // the service created the topic when it started
        }
    }

    @Test
    void badJson() {
        String saleId = newSaleId();
        var poison = sales.record(UUID.randomUUID().toString(), SalesTopicFixture.LEMONADE_SOLD, saleId, 0,
                "{\"saleId\":\"" + saleId + "\",\"customer\":");

        poisonThenSale(poison, "LemonadeSold payload is not valid JSON");
    }

    @Test
    void unknownType() {
        String saleId = newSaleId();
        var poison = sales.record(UUID.randomUUID().toString(), "io.lemonadeoutbox.lemonade.sale.LemonadeSpilled",
                saleId, 0, SalesTopicFixture.sold(saleId, "Ada Lovelace", "ada@example.com", 2));

        poisonThenSale(poison, "unknown event type 'io.lemonadeoutbox.lemonade.sale.LemonadeSpilled'");
    }

    @Test
    void missingEventIdHeader() {
        String saleId = newSaleId();
        var poison = sales.soldRecord(UUID.randomUUID().toString(), saleId, "Ada Lovelace", 2);
        poison.headers().remove("axon-message-id");

        poisonThenSale(poison, "header axon-message-id is missing");
    }

    @Test
    void bytesThatAreNotEvenText() {
        String saleId = newSaleId();
        var poison = new ProducerRecord<>(sales.topic, null, saleId, new byte[] {(byte) 0xC3, 0x28, 0x00, (byte) 0xFF},
                sales.soldRecord(UUID.randomUUID().toString(), saleId, "x", 1).headers());

        poisonThenSale(poison, "LemonadeSold payload is not valid JSON");
    }

    @Test
    void aRefundBeforeItsSale() {
        String saleId = newSaleId();
        var refundFirst = sales.record(UUID.randomUUID().toString(), SalesTopicFixture.SALE_REFUNDED, saleId, 1,
                SalesTopicFixture.refunded(saleId, "Too sour"));

        poisonThenSale(refundFirst, "sale " + saleId + " has no card yet");
        assertThat(jdbc.sql("select count(*) from inbox where sale_id = ? and event_type like '%SaleRefunded'")
                .param(saleId).query(Long.class).single())
                .as("the refund's inbox row rolled back with it, so a later retry of the dead letter is not a duplicate")
                .isZero();
    }

    @Test
    void aTransientFailureIsRetriedThenDeadLettered() {
        jdbc.sql("create sequence if not exists explode_attempts").update();
        jdbc.sql("""
                create or replace function explode() returns trigger language plpgsql as $$
                begin
                    perform nextval('explode_attempts');
                    raise exception 'simulated outage while writing %', new.event_id;
                end $$
                """).update();
        jdbc.sql("""
                create or replace trigger explode_on_insert before insert on inbox
                for each row when (new.event_id like 'explode-%') execute function explode()
                """).update();
        long attemptsBefore = jdbc.sql("select coalesce((select last_value from explode_attempts where is_called), 0)")
                .query(Long.class).single();
        String saleId = newSaleId();

        poisonThenSale(sales.soldRecord("explode-" + UUID.randomUUID(), saleId, "Ada Lovelace", 2),
                "failed after retries: UncategorizedSQLException");

        long attempts = jdbc.sql("select last_value from explode_attempts").query(Long.class).single() - attemptsBefore;
        assertThat(attempts).as("one delivery and thankyou.retry.max-retries=2 retries").isEqualTo(3);
    }

    private void poisonThenSale(ProducerRecord<String, byte[]> poison, String expectedReason) {
        double deadLetters = meters.counter("thankyou.dead_letters").count();

        RecordMetadata poisoned = sales.send(poison);
        RecordMetadata sold = sales.send(sales.soldRecord(UUID.randomUUID().toString(), poison.key(), "Ada Lovelace", 2));

        assertThat(sold.partition()).isEqualTo(poisoned.partition());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cards.find(poison.key())).isPresent());
        assertThat(meters.counter("thankyou.dead_letters").count()).isEqualTo(deadLetters + 1);

        ConsumerRecord<String, byte[]> deadLetter = await().atMost(Duration.ofSeconds(30)).until(
                () -> deadLetterTopic.all().stream().filter(r -> poison.key().equals(r.key())).findFirst(),
                found -> found.isPresent()).orElseThrow();
        assertThat(text(deadLetter, "x-dead-letter-reason")).contains(expectedReason).doesNotContain("\n");
        assertThat(text(deadLetter, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).isNotBlank();
        assertThat(text(deadLetter, KafkaHeaders.DLT_EXCEPTION_FQCN)).isNotBlank();
        assertThat(text(deadLetter, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(sales.topic);
        assertThat(ByteBuffer.wrap(header(deadLetter, KafkaHeaders.DLT_ORIGINAL_OFFSET).value()).getLong())
                .isEqualTo(poisoned.offset());
        assertThat(deadLetter.value()).isEqualTo(poison.value());

        Map<String, Object> row = jdbc.sql("""
                        select record_key, reason, payload, headers::text as headers from dead_letter
                        where topic = ? and kafka_partition = ? and kafka_offset = ?
                        """)
                .params(sales.topic, poisoned.partition(), poisoned.offset())
                .query().singleRow();
        assertThat(row.get("record_key")).isEqualTo(poison.key());
        assertThat((String) row.get("reason")).contains(expectedReason);
        assertThat((byte[]) row.get("payload")).isEqualTo(poison.value());
        assertThat((String) row.get("headers")).contains("\"name\": \"axon-message-type\"");
    }

    private static Header header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header " + name).isNotNull();
        return header;
    }

    private static String text(ConsumerRecord<?, ?> record, String name) {
        return new String(header(record, name).value(), StandardCharsets.UTF_8);
    }

    private static String newSaleId() {
        return "sale-" + UUID.randomUUID();
    }
}
