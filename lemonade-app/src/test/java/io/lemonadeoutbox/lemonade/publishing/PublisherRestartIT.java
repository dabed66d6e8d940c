package io.lemonadeoutbox.lemonade.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import io.lemonadeoutbox.lemonade.PipelineTest;
import io.lemonadeoutbox.lemonade.RealServers;
import io.lemonadeoutbox.testkit.TopicReader;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.test.annotation.DirtiesContext;

/**
 * An {@link Error} on the publishing thread (the producer's partitioner throws a StackOverflowError once, where the
 * fault campaign's long run met one in Kafka's future) stops Axon's tracking processor for good; the publisher is
 * started again and the sale, and the one sold after it, reach the topic.
 * <p>
 * Fails without the restart:
 * {@code LEMONADE_UNSAFE_SWITCHES=negative-control ./mvnw -B -ntp -pl lemonade-app -am verify -Dtest=NONE
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=PublisherRestartIT -Dfailsafe.failIfNoSpecifiedTests=false
 * -Dlemonade.unsafe.no-publisher-restart=true} (neither sale reaches the topic).
 */
@SpringBootTest(webEnvironment = RANDOM_PORT, properties =
        "axon.kafka.producer.properties[partitioner.class]=io.lemonadeoutbox.lemonade.publishing.RefusingPartitioner")
@DirtiesContext
class PublisherRestartIT extends PipelineTest {

    @Autowired
    PublisherRestart restart;

    /** The Error is the publishing thread's, uncaught on purpose: Awaitility would otherwise fail a wait with it. */
    @BeforeEach
    void leaveThePublishingThreadsErrorToIt() {
        Awaitility.doNotCatchUncaughtExceptionsByDefault();
    }

    @AfterEach
    void awaitilyAsBefore() {
        Awaitility.reset();
    }

    @Test
    void aPublisherStoppedByAnErrorIsStartedAgainAndPublishesWhatFollows() {
        String hit = RealServers.uniqueName("error");
        String after = RealServers.uniqueName("after-error");
        RefusingPartitioner.throwErrorOnceFor(hit);
        assertThat(sell(hit, "Ada Lovelace", 2).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        await("the publishing thread met the Error").atMost(Duration.ofSeconds(30))
                .until(() -> RefusingPartitioner.errors() > 0);
        assertThat(sell(after, "Grace Hopper", 1).getStatusCode()).isEqualTo(HttpStatus.CREATED);

        assertThat(TopicReader.keysOf(topic.readUntilKeys(List.of(hit, after), Duration.ofSeconds(60))))
                .contains(hit, after);

        assertThat(restart.restarts()).as("restarts of the stopped processor").isPositive();
    }
}
