package io.lemonadeoutbox.stack.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lemonadeoutbox.stack.LemonadeStackExtension;
import io.lemonadeoutbox.stack.RunningStack;
import io.lemonadeoutbox.stack.Shop;
import io.lemonadeoutbox.stack.StackDatabases;
import io.lemonadeoutbox.stack.audit.AuditReport;
import io.lemonadeoutbox.testkit.KafkaTopics;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * G6: Kafka loses the topic after sales were carded. It is recreated empty, new sales arrive, and an operator
 * republishes from global index 0. thankyou-service's committed offsets point past the new, shorter partitions:
 * its consumer must notice (auto.offset.reset=earliest applies to out-of-range offsets too) and read the new topic from
 * the start. Consumers converge: every sale exactly one card, the history counted as duplicates, nothing parked.
 *
 * Negative control, one command: {@code LEMONADE_UNSAFE_SWITCHES=negative-control ./mvnw -pl lemonade-stack -am verify
 * -Dit.test=TopicLossFaultIT -Dlemonade.fault.thankyou-service-args=--thankyou.unsafe.inbox-accepts-duplicates=true}
 * (see GUARANTEES.md for the full command): with an inbox that takes every event id as new, the republished history is
 * dead-lettered instead of counted as duplicates and the test fails.
 */
class TopicLossFaultIT {

    private static final Duration DRAIN = Duration.ofSeconds(120);

    @RegisterExtension
    static final LemonadeStackExtension STACK = FaultStack.extension();

    @Test
    void afterTheTopicIsLostARepublishFromZeroConvergesWithNoSecondCard(RunningStack stack) {
        Shop shop = stack.shop();
        StackDatabases audit = new StackDatabases(stack);
        KafkaTopics kafka = new KafkaTopics(stack.infrastructure().kafka().bootstrapServers());
        String topic = stack.wiring().topic();
        String run = "loss-" + UUID.randomUUID().toString().substring(0, 8);

        IntStream.rangeClosed(1, 20).forEach(n -> shop.sell(run + "-" + n));
        IntStream.rangeClosed(1, 5).forEach(n -> shop.refund(run + "-" + n));
        audit.awaitClean(20, DRAIN);
        int partitions = kafka.partitionCount(topic);
        long historyEvents = audit.eventCount();

        kafka.deleteTopic(topic);
        await("the topic recreated empty").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> kafka.tryCreateTopic(topic, partitions) || kafka.endOffsetSum(topic) == 0);
        IntStream.rangeClosed(21, 30).forEach(n -> shop.sell(run + "-" + n));
        await("the new sales carded on the new topic").atMost(DRAIN).until(() -> audit.cardCount() == 30);

        double duplicatesBefore = shop.thankyouCounter(EndToEndIT.DUPLICATES);
        assertThat(shop.republish(0)).isEqualTo(202);
        await("the republish to finish").atMost(DRAIN)
                .until(shop::republishState, "DONE"::equals);
        await("the republished history counted as duplicates").atMost(DRAIN)
                .until(() -> shop.thankyouCounter(EndToEndIT.DUPLICATES) >= duplicatesBefore + historyEvents);

        AuditReport report = audit.awaitClean(30, DRAIN);
        assertThat(report.deadLetters()).as("a re-delivery is a duplicate, never a dead letter").isZero();
        assertThat(report.refunds()).isEqualTo(5);
    }
}
