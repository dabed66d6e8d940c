package io.lemonadeoutbox.stack.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lemonadeoutbox.infra.Kafka;
import io.lemonadeoutbox.stack.LemonadeStackExtension;
import io.lemonadeoutbox.stack.RunningStack;
import io.lemonadeoutbox.stack.Shop.Answer;
import io.lemonadeoutbox.stack.Shop;
import io.lemonadeoutbox.stack.StackDatabases;
import io.lemonadeoutbox.testkit.KafkaTopics;
import io.lemonadeoutbox.testkit.SaleRecords;
import io.lemonadeoutbox.testkit.SalesLoad;
import io.lemonadeoutbox.testkit.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * G1 across a Kafka outage: the broker really stops for about 10 s while sales keep coming. The publishing token
 * must not move past events Kafka never acknowledged (pitfall 1: confirmation-mode none lets it, and lemonade-app
 * refuses to start with it), and afterwards every sale has exactly one card. Fails when the publisher does not wait
 * for acks: {@code -Dlemonade.fault.lemonade-app-args=--lemonade.unsafe.skip-ack-wait=true}.
 */
class KafkaOutageFaultIT {

    private static final Duration DRAIN = Duration.ofSeconds(120);

    @RegisterExtension
    static final LemonadeStackExtension STACK = FaultStack.extension();

    @Test
    void theTokenWaitsForKafkaAndEverySaleGetsExactlyOneCard(RunningStack stack) throws Exception {
        Shop shop = stack.shop();
        StackDatabases audit = new StackDatabases(stack);
        KafkaTopics topic = new KafkaTopics(stack.infrastructure().kafka().bootstrapServers());
        Kafka kafka = stack.infrastructure().kafka();
        String run = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        ConcurrentLinkedQueue<Long> tokenWhileDown = new ConcurrentLinkedQueue<>();
        int sold;

        try (var sales = new SalesLoad<>(shop::trySell, Answer::created)
                .steady(run, Duration.ofMillis(100), 150).start()) {
            await("sales carded before the outage").atMost(DRAIN).until(() -> audit.cardCount() >= 10);
            long topicEndBefore = topic.endOffsetSum(stack.wiring().topic());
            Instant stopped = Instant.now();
            kafka.stop();
            long eventsAtStop;
            long frozenToken;
            try {
                // acknowledgements in flight at the moment of the stop may still commit; then nothing may
                frozenToken = await("the token to settle after the stop").atMost(Duration.ofSeconds(20))
                        .pollDelay(Duration.ofSeconds(2)).until(audit::tokenIndex, index -> true);
                eventsAtStop = audit.eventCount();
                await("the token to stay put while Kafka is down").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(300)).during(Duration.ofSeconds(8))
                        .until(() -> {
                            long token = audit.tokenIndex();
                            tokenWhileDown.add(token);
                            return token <= frozenToken;
                        });
                assertThat(audit.eventCount()).as("sales kept being appended while Kafka was down")
                        .isGreaterThan(eventsAtStop);
            } finally {
                kafka.start();
            }
            System.out.println("Kafka was down " + Duration.between(stopped, Instant.now()).toSeconds() + " s;"
                    + " topic end before " + topicEndBefore + "; token samples while down " + tokenWhileDown);
            sales.stop(Shop.REQUEST_TIMEOUT);
            sold = (int) sales.created();
            assertThat(sales.failures()).as("a POST needs no Kafka").isEmpty();
        }

        audit.awaitClean(sold, DRAIN);
        // every event the token passed while Kafka was down really is on the topic
        Set<String> onTopic = TopicReader.readAll(stack.infrastructure().kafka().bootstrapServers(),
                stack.wiring().topic()).stream()
                .map(record -> TopicReader.header(record, SaleRecords.EVENT_ID)).collect(Collectors.toSet());
        assertThat(onTopic).hasSizeGreaterThanOrEqualTo(sold);
        List<Long> samples = List.copyOf(tokenWhileDown);
        assertThat(samples).isNotEmpty();
    }
}
