package io.lemonadeoutbox.thankyou.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lemonadeoutbox.infra.SharedInfrastructure;
import io.lemonadeoutbox.testkit.SaleRecords;
import io.lemonadeoutbox.testkit.TopicReader;
import io.lemonadeoutbox.thankyou.SalesTopicFixture;
import io.lemonadeoutbox.thankyou.card.CardRepository;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Each poison record lands on the dead-letter topic and table, and the next sale on its partition is still carded. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class DeadLetterIT {

    static final SalesTopicFixture sales = new SalesTopicFixture("deadletter");
    static TopicReader deadLetterTopic;

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
    @Autowired ConsumerHealth consumer;

    @BeforeEach
    void readDeadLetterTopic() {
        if (deadLetterTopic == null) {
            deadLetterTopic = sales.deadLetterReader(); // the service created the topic when it started
        }
    }

    @Test
    void badJson() {
        String saleId = newSaleId();
        var poison = sales.record(UUID.randomUUID().toString(), SaleRecords.LEMONADE_SOLD, saleId, 0,
                "{\"saleId\":\"" + saleId + "\",\"customer\":");

        poisonThenSale(poison, "LemonadeSold payload is not valid JSON");
    }

    @Test
    void unknownType() {
        String saleId = newSaleId();
        var poison = sales.record(UUID.randomUUID().toString(), "io.lemonadeoutbox.lemonade.sale.LemonadeSpilled",
                saleId, 0, SaleRecords.soldJson(saleId, "Ada Lovelace", "ada@example.com", 2));

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

    /**
     * A refund before its sale is kept until the card is written (InboxIT); a second refund of that sale with another
     * event id, while the first still waits, is poison: a sale is refunded once.
     */
    @Test
    void aSecondRefundBeforeItsSale() {
        String saleId = newSaleId();
        sales.send(sales.record(UUID.randomUUID().toString(), SaleRecords.SALE_REFUNDED, saleId, 1,
                SaleRecords.refundedJson(saleId, "Too sour")));
        var secondRefund = sales.record(UUID.randomUUID().toString(), SaleRecords.SALE_REFUNDED, saleId, 2,
                SaleRecords.refundedJson(saleId, "Too sweet"));

        poisonThenSale(secondRefund, "sale " + saleId + " has no card yet");
        assertThat(jdbc.sql("select count(*) from inbox where sale_id = ? and event_type like '%SaleRefunded'")
                .param(saleId).query(Long.class).single())
                .as("the second refund's inbox row rolled back with it, so a later retry of the dead letter is not "
                        + "a duplicate; the first refund's stays")
                .isOne();
        assertThat(cards.find(saleId).orElseThrow().refundReason()).isEqualTo("Too sour");
    }

    /**
     * One class of failure each, raised by PostgreSQL itself for one record (a trigger raising the SQLSTATE named
     * in the event id): whatever Spring calls it (54000 and 53400 are DataAccessResourceFailureException, like an
     * outage), a failure of the record is dead-lettered at once, without a retry, and its partition moves on.
     */
    @ParameterizedTest(name = "SQLSTATE {0}: {1}")
    @CsvSource({
            "54000, program limit exceeded (an index row too large)",
            "53400, configuration limit exceeded by one statement",
            "22023, a data error",
            "23514, a constraint violation",
            "P0001, an exception raised by a trigger"
    })
    void aFailureOfTheRecordIsDeadLetteredAtOnce(String sqlState, String what) {
        raiseForEventIdsNamingTheirSqlState();
        String eventId = raising(sqlState);
        String saleId = newSaleId();

        poisonThenSale(sales.soldRecord(eventId, saleId, "Ada Lovelace", 2), "SQLSTATE " + sqlState);

        assertThat(attempts(eventId))
                .as("written once in its poll's transaction (if the poll held more records) and once alone; no retry")
                .isBetween(1L, 2L);
        assertThat(consumer.waits()).isEmpty();
    }

    @Test
    void aRecordThatLosesARaceIsRetriedABoundedNumberOfTimesThenDeadLettered() {
        raiseForEventIdsNamingTheirSqlState();
        String eventId = raising("40001");

        poisonThenSale(sales.soldRecord(eventId, newSaleId(), "Ada Lovelace", 2), "failed after retries: SQLSTATE 40001");

        assertThat(attempts(eventId)).as("alone: one delivery and thankyou.retry.max-retries=2 retries; "
                + "plus its poll's transaction if the poll held more records").isBetween(3L, 4L);
    }

    /**
     * 53100 disk_full, raised by PostgreSQL for every write of one sale while the test says so: the server cannot
     * write, which is no fault of the record. The partition waits (health DOWN, the wait listed), nothing is
     * dead-lettered, and once the server writes again the sale and the one behind it are carded.
     */
    @Test
    void aServerThatCannotWriteIsWaitedForNotDeadLettered() {
        jdbc.sql("create table if not exists disk_full (event_id text primary key)").update();
        jdbc.sql("""
                create or replace function disk_full() returns trigger language plpgsql as $$
                begin
                    if exists (select 1 from disk_full where event_id = new.event_id) then
                        raise exception 'could not extend file: No space left on device' using errcode = '53100';
                    end if;
                    return new;
                end $$
                """).update();
        jdbc.sql("create or replace trigger disk_full before insert on inbox for each row execute function disk_full()")
                .update();
        String eventId = "disk-full-" + UUID.randomUUID();
        jdbc.sql("insert into disk_full values (?)").param(eventId).update();
        double deadLettersBefore = meters.counter("thankyou.dead_letters").count();
        String saleId = newSaleId();
        RecordMetadata waiting = sales.send(sales.soldRecord(eventId, saleId, "Grace Hopper", 1));
        String behind = newSaleIdOnPartitionOf(saleId);
        sales.send(sales.soldRecord(UUID.randomUUID().toString(), behind, "Grace Hopper", 1));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(consumer.waits()).anySatisfy(wait -> {
            assertThat(wait.partition()).isEqualTo(waiting.partition());
            assertThat(wait.offset()).isEqualTo(waiting.offset());
            assertThat(wait.why()).isEqualTo(ConsumerHealth.Stalled.WAITING_FOR_DATABASE);
            assertThat(wait.reason()).contains("SQLSTATE 53100");
        }));
        assertThat(consumer.health().getStatus()).isEqualTo(Status.DOWN);
        await("still waiting, nothing dead-lettered").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> cards.find(behind).isEmpty() && meters.counter("thankyou.dead_letters").count() == deadLettersBefore);

        jdbc.sql("delete from disk_full").update();

        await().atMost(Duration.ofSeconds(30)).until(() -> cards.find(saleId).isPresent() && cards.find(behind).isPresent());
        assertThat(meters.counter("thankyou.dead_letters").count()).isEqualTo(deadLettersBefore);
        assertThat(deadLetterTopic.readAvailable()).noneMatch(r -> saleId.equals(r.key()));
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.health().getStatus().equals(Status.UP));
    }

    /**
     * The dead_letter table refuses rows while the test says so. The record is on the dead-letter topic once, but
     * it is not acknowledged: the group's offset stays at it, the sale behind it waits, health is DOWN and the wait
     * is listed. Once the table takes rows, the row is written exactly once and the partition moves on.
     */
    @Test
    void aDeadLetterIsAcknowledgedOnlyOnceItsRowIsWritten() throws Exception {
        jdbc.sql("create table if not exists dead_letter_refused (record_key text primary key)").update();
        jdbc.sql("""
                create or replace function dead_letter_refused() returns trigger language plpgsql as $$
                begin
                    if exists (select 1 from dead_letter_refused where record_key = new.record_key) then
                        raise exception 'simulated failure to record a dead letter';
                    end if;
                    return new;
                end $$
                """).update();
        jdbc.sql("""
                create or replace trigger dead_letter_refused before insert on dead_letter
                for each row execute function dead_letter_refused()""").update();
        String saleId = newSaleId();
        jdbc.sql("insert into dead_letter_refused values (?)").param(saleId).update();
        var poison = sales.record(UUID.randomUUID().toString(), "io.lemonadeoutbox.lemonade.sale.LemonadeSpilled",
                saleId, 0, SaleRecords.soldJson(saleId, "Ada Lovelace", "ada@example.com", 2));
        RecordMetadata poisoned = sales.send(poison);
        String behind = newSaleIdOnPartitionOf(saleId);
        sales.send(sales.soldRecord(UUID.randomUUID().toString(), behind, "Grace Hopper", 1));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(consumer.waits()).anySatisfy(wait -> {
            assertThat(wait.offset()).isEqualTo(poisoned.offset());
            assertThat(wait.why()).isEqualTo(ConsumerHealth.Stalled.DEAD_LETTER_NOT_RECORDED);
            assertThat(wait.attempts()).isGreaterThan(3); // retried within a delivery, and delivered again
        }));
        assertThat(consumer.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(cards.find(behind)).isEmpty();
        assertThat(committedOffset(poisoned.partition())).isLessThanOrEqualTo(poisoned.offset());
        assertThat(deadLetterRows(poisoned)).isZero();

        jdbc.sql("delete from dead_letter_refused").update();

        await().atMost(Duration.ofSeconds(30)).until(() -> cards.find(behind).isPresent());
        assertThat(deadLetterRows(poisoned)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> committedOffset(poisoned.partition()) > poisoned.offset());
        assertThat(deadLetterTopic.readAvailable().stream().filter(r -> saleId.equals(r.key())).count())
                .as("sent to the dead-letter topic once, not once per attempt to record it").isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.health().getStatus().equals(Status.UP));
    }

    private void raiseForEventIdsNamingTheirSqlState() {
        jdbc.sql("""
                create or replace function raise_named_sqlstate() returns trigger language plpgsql as $$
                begin
                    -- a sequence per record: nextval is the one thing a failed transaction does not roll back
                    perform nextval('raise_attempts_' || substr(new.event_id, 13, 8));
                    raise exception 'simulated failure of %', new.event_id using errcode = substr(new.event_id, 7, 5);
                end $$
                """).update();
        jdbc.sql("""
                create or replace trigger raise_named_sqlstate before insert on inbox
                for each row when (new.event_id like 'raise-%') execute function raise_named_sqlstate()
                """).update();
    }

    /** An event id the trigger fails with {@code sqlState}, counting its attempts in a sequence of its own. */
    private String raising(String sqlState) {
        String token = UUID.randomUUID().toString().substring(0, 8);
        jdbc.sql("create sequence raise_attempts_" + token).update();
        return "raise-" + sqlState + "-" + token + "-" + UUID.randomUUID();
    }

    private long attempts(String eventId) {
        String token = eventId.substring(12, 20);
        return jdbc.sql("select case when is_called then last_value else 0 end from raise_attempts_" + token)
                .query(Long.class).single();
    }

    private long deadLetterRows(RecordMetadata record) {
        return jdbc.sql("select count(*) from dead_letter where topic = ? and kafka_partition = ? and kafka_offset = ?")
                .params(record.topic(), record.partition(), record.offset()).query(Long.class).single();
    }

    private long committedOffset(int partition) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedInfrastructure.get().kafka().bootstrapServers()))) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(sales.groupId).partitionsToOffsetAndMetadata()
                    .get().get(new TopicPartition(sales.topic, partition));
            return committed == null ? -1 : committed.offset();
        }
    }

    /** A sale id that Kafka's default partitioner puts on the same partition as {@code saleId}. */
    private static String newSaleIdOnPartitionOf(String saleId) {
        int partition = partitionOf(saleId);
        while (true) {
            String candidate = newSaleId();
            if (partitionOf(candidate) == partition) {
                return candidate;
            }
        }
    }

    private static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % SalesTopicFixture.PARTITIONS;
    }

    private void poisonThenSale(ProducerRecord<String, byte[]> poison, String expectedReason) {
        double deadLetters = meters.counter("thankyou.dead_letters").count();

        RecordMetadata poisoned = sales.send(poison);
        RecordMetadata sold = sales.send(sales.soldRecord(UUID.randomUUID().toString(), poison.key(), "Ada Lovelace", 2));

        assertThat(sold.partition()).isEqualTo(poisoned.partition());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cards.find(poison.key())).isPresent());
        assertThat(meters.counter("thankyou.dead_letters").count()).isEqualTo(deadLetters + 1);

        ConsumerRecord<String, byte[]> deadLetter = await().atMost(Duration.ofSeconds(30)).until(
                () -> deadLetterTopic.readAvailable().stream().filter(r -> poison.key().equals(r.key())).findFirst(),
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
