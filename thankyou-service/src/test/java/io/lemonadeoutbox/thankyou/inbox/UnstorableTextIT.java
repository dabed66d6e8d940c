package io.lemonadeoutbox.thankyou.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lemonadeoutbox.testkit.SaleRecords;
import io.lemonadeoutbox.thankyou.SalesTopicFixture;
import io.lemonadeoutbox.thankyou.card.CardRepository;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A record whose text this service could not store exactly is its own fault: the wire contract rejects it as a
 * poison record, so it is dead-lettered at once with its reason, and the partition goes on. Retries are 20 s apart
 * here, so a dead letter within 10 s was never retried.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class UnstorableTextIT {

    private static final Duration AT_ONCE = Duration.ofSeconds(10);
    static final SalesTopicFixture sales = new SalesTopicFixture("unstorable");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        sales.register(registry);
        registry.add("thankyou.retry.initial-interval", () -> "20s");
    }

    @AfterAll
    static void close() {
        sales.close();
    }

    @Autowired CardRepository cards;
    @Autowired JdbcClient jdbc;
    @Autowired Environment environment;

    @Test
    void retriesInThisTestAreTwentySecondsApart() {
        assertThat(environment.getProperty("thankyou.retry.initial-interval")).isEqualTo("20s");
    }

    /** The names are JSON escapes, so the record carries exactly these characters. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "NUL                | A\\u0000B      | LemonadeSold.customer.name must not contain NUL (U+0000) (at index 1)",
            "unpaired surrogate | A\\uD800B      | LemonadeSold.customer.name must not contain an unpaired surrogate (U+D800) (at index 1)",
            "control character  | Ada\\u001BLove | LemonadeSold.customer.name must not contain the control character U+001B (at index 3)",
            "noncharacter       | Ada\\uFFFF     | LemonadeSold.customer.name must not contain the noncharacter U+FFFF (at index 3)",
    })
    void aNameNoStoreCanKeepIsDeadLetteredAtOnceAndTheNextSaleIsCarded(String why, String jsonName, String reason) {
        String saleId = "sale-" + UUID.randomUUID();
        var poison = sales.record(UUID.randomUUID().toString(), SaleRecords.LEMONADE_SOLD, saleId, 0,
                SaleRecords.soldJson(saleId, jsonName, "ada@example.com", 2));

        RecordMetadata poisoned = sales.send(poison);
        assertDeadLetteredAtOnce(poison, poisoned, reason);

        sales.send(sales.soldRecord(UUID.randomUUID().toString(), saleId, "Ada Lovelace", 2));
        await().atMost(AT_ONCE).untilAsserted(() -> assertThat(cards.find(saleId)).isPresent());
    }

    /** Before the length rule an over-long id reached the unique index (SQLSTATE 54000) and was retried. */
    @Test
    void aSaleIdLongerThanTheContractAllowsIsDeadLetteredAtOnce() {
        String saleId = "s".repeat(3000);
        var poison = sales.soldRecord(UUID.randomUUID().toString(), saleId, "Ada Lovelace", 2);

        assertDeadLetteredAtOnce(poison, sales.send(poison), "LemonadeSold.saleId size must be between 0 and 64");
    }

    @Test
    void anEventIdLongerThanTheInboxKeyAllowsIsDeadLetteredAtOnce() {
        String saleId = "sale-" + UUID.randomUUID();
        var poison = sales.soldRecord("e".repeat(3000), saleId, "Ada Lovelace", 2);

        assertDeadLetteredAtOnce(poison, sales.send(poison), "header axon-message-id size must be between 0 and 255");
    }

    private void assertDeadLetteredAtOnce(ProducerRecord<String, byte[]> poison, RecordMetadata at, String reason) {
        List<String> reasons = await().atMost(AT_ONCE).until(() -> jdbc.sql("""
                        select reason from dead_letter where topic = ? and kafka_partition = ? and kafka_offset = ?
                        """).params(sales.topic, at.partition(), at.offset()).query(String.class).list(),
                found -> !found.isEmpty());
        assertThat(reasons).containsExactly(reason);
        assertThat(cards.find(poison.key())).isEmpty();
        assertThat(jdbc.sql("select count(*) from inbox where sale_id = ?").param(poison.key())
                .query(Long.class).single()).isZero();
    }
}
