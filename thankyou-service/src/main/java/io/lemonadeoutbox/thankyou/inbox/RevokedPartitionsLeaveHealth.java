package io.lemonadeoutbox.thankyou.inbox;

import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

/**
 * A stalled partition that a rebalance gives to another instance is no longer this instance's wait: only a write on
 * the partition cleared it, and none comes here any more, so health stayed DOWN for ever (found by the fault
 * campaign's long run: a consumer that waited for its database during a rebalance never answered UP again). Spring
 * Boot gives the listener containers this bean as their rebalance listener.
 */
@Component
class RevokedPartitionsLeaveHealth implements ConsumerAwareRebalanceListener {

    private final ConsumerHealth health;

    RevokedPartitionsLeaveHealth(ConsumerHealth health) {
        this.health = health;
    }

    @Override
    public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        health.forget(partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        health.forget(partitions);
    }
}
