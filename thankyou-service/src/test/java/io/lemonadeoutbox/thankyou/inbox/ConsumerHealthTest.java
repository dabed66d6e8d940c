package io.lemonadeoutbox.thankyou.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

/** Health is DOWN while a partition of this instance waits, and a partition a rebalance takes away waits no more. */
class ConsumerHealthTest {

    private final ConsumerHealth health = new ConsumerHealth();
    private final RevokedPartitionsLeaveHealth rebalances = new RevokedPartitionsLeaveHealth(health);

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
}
