package io.lemonadeoutbox.thankyou.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Health is DOWN while a partition of this instance waits, and a partition a rebalance takes away waits no more.
 * Every move is logged as Spring Kafka's default rebalance listener, which {@link PartitionMoves} replaces, logged it.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConsumerHealthTest {

    private final ConsumerHealth health = new ConsumerHealth();
    private final PartitionMoves rebalances = new PartitionMoves(health);

    @Test
    void aRevokedStalledPartitionLeavesHealthAndTheOthersStay() {
        health.stalled("lemonade.sales", 0, 41, ConsumerHealth.Stalled.WAITING_FOR_DATABASE, "connection refused");
        health.stalled("lemonade.sales", 2, 7, ConsumerHealth.Stalled.WAITING_FOR_DATABASE, "connection refused");

        rebalances.onPartitionsRevokedAfterCommit(null, List.of(new TopicPartition("lemonade.sales", 0)));

        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.waits()).extracting(ConsumerHealth.Wait::partition).containsExactly(2);

        rebalances.onPartitionsLost(null, List.of(new TopicPartition("lemonade.sales", 2)));

        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void everyPartitionMoveIsLogged(CapturedOutput output) {
        List<TopicPartition> partitions = List.of(new TopicPartition("lemonade.sales", 0),
                new TopicPartition("lemonade.sales", 1));

        rebalances.onPartitionsAssigned(null, partitions);
        rebalances.onPartitionsRevokedAfterCommit(null, partitions.subList(0, 1));
        rebalances.onPartitionsLost(null, partitions.subList(1, 2));

        assertThat(output.getOut()).contains("partitions assigned: [lemonade.sales-0, lemonade.sales-1]",
                "partitions revoked: [lemonade.sales-0]", "partitions lost: [lemonade.sales-1]");
    }
}
