package io.lemonadeoutbox.lemonade.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import io.lemonadeoutbox.lemonade.PipelineTest;
import io.lemonadeoutbox.lemonade.RealServers;
import io.lemonadeoutbox.testkit.TopicReader;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.test.annotation.DirtiesContext;

/**
 * G4 under batching: the publisher sends a whole batch before it waits for acks, so a sale's refund could be
 * acknowledged while the sale itself was refused, and a consumer would read the refund first. Here Kafka's producer
 * really refuses one sale's {@code LemonadeSold} while its refund and another sale follow in the same batch.
 * <p>
 * Fails without the publisher's per-sale wait:
 * {@code LEMONADE_UNSAFE_SWITCHES=negative-control ./mvnw -B -ntp -pl lemonade-app -am verify -Dtest=NONE
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=SaleOrderUnderRefusalIT -Dfailsafe.failIfNoSpecifiedTests=false
 * -Dlemonade.unsafe.skip-per-sale-order-wait=true} (the refund reaches the topic while its sale is refused).
 */
@SpringBootTest(webEnvironment = RANDOM_PORT, properties = {
        "axon.kafka.producer.properties[partitioner.class]=io.lemonadeoutbox.lemonade.publishing.RefusingPartitioner",
        "lemonade.publishing.batch-size=100"})
@DirtiesContext
class SaleOrderUnderRefusalIT extends PipelineTest {

    private static final String SOLD = "io.lemonadeoutbox.lemonade.sale.LemonadeSold";
    private static final String REFUNDED = "io.lemonadeoutbox.lemonade.sale.SaleRefunded";

    @AfterEach
    void stopRefusing() {
        RefusingPartitioner.refuseNothing();
    }

    @Test
    void aRefundIsNotPublishedBeforeItsSaleEvenWhenTheSaleWasRefusedInTheSameBatch() {
        String refused = RealServers.uniqueName("refused");
        String bystander = RealServers.uniqueName("bystander");
        RefusingPartitioner.refuseLemonadeSoldOf(refused);
        assertThat(sell(refused, "Ada Lovelace", 2).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        await("the sale refused once").atMost(Duration.ofSeconds(30)).until(() -> RefusingPartitioner.refusals() > 0);
        assertThat(refund(refused, "Too sour").getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(sell(bystander, "Grace Hopper", 1).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        int beforeRetries = RefusingPartitioner.refusals();
        await("two retries of the batch that holds sale, refund and bystander").atMost(Duration.ofSeconds(60))
                .until(() -> RefusingPartitioner.refusals() >= beforeRetries + 2);

        assertThat(topic.readFor(Duration.ofSeconds(3)))
                .as("nothing of the refused sale, nor anything after it, is on the topic while it is refused")
                .noneMatch(record -> record.key().equals(refused) || record.key().equals(bystander));

        RefusingPartitioner.refuseNothing();
        List<ConsumerRecord<String, byte[]>> records = topic.readUntil(
                read -> TopicReader.typesOf(read, refused).contains(REFUNDED)
                        && TopicReader.keysOf(read).contains(bystander), Duration.ofSeconds(60));
        List<String> types = TopicReader.typesOf(records, refused);
        assertThat(types.get(0)).as("the sale's first record on the topic").isEqualTo(SOLD);
        assertThat(types.indexOf(SOLD)).isLessThan(types.indexOf(REFUNDED));
    }
}
