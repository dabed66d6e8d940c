package io.lemonadeoutbox.lemonade.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lemonadeoutbox.lemonade.PipelineTest;
import io.lemonadeoutbox.lemonade.RealServers;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** Pitfall 1: the publisher must not move its token past an event Kafka never acknowledged. */
class KafkaOutageIT extends PipelineTest {

    @AfterEach
    void brokerIsBack() {
        RealServers.INFRA.kafka().start();
    }

    @Test
    void whileTheBrokerIsDownTheTokenStaysAndAfterwardsEveryEventIsPublished() {
        String before = RealServers.uniqueName("before");
        sell(before, "Ada Lovelace", 1);
        topic.readUntilKeys(List.of(before), Duration.ofSeconds(60));
        long head = eventStore.headGlobalIndex().orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() -> token.committedIndex().orElse(-1) >= head);
        long tokenBeforeOutage = token.committedIndex().orElseThrow();

        RealServers.INFRA.kafka().stop();
        List<String> during = IntStream.range(0, 5).mapToObj(i -> RealServers.uniqueName("during")).toList();
        during.forEach(id -> assertThat(sell(id, "Grace Hopper", 2).getStatusCode()).isEqualTo(HttpStatus.CREATED));
        assertThat(eventStore.headGlobalIndex().orElseThrow()).isGreaterThan(tokenBeforeOutage);

        await("token holds while Kafka is down").during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(10))
                .until(() -> token.committedIndex().orElseThrow() == tokenBeforeOutage);

        RealServers.INFRA.kafka().start();
        topic.readUntilKeys(during, Duration.ofSeconds(120));
        long headAfter = eventStore.headGlobalIndex().orElseThrow();
        await().atMost(Duration.ofSeconds(60)).until(() -> token.committedIndex().orElse(-1) >= headAfter);
    }
}
