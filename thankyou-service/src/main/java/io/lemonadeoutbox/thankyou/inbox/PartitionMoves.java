package io.lemonadeoutbox.thankyou.inbox;

import java.util.Collection;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.stereotype.Component;

/**
 * Every partition this instance gains or loses in a rebalance. Spring Boot gives the listener containers this bean as
 * their rebalance listener, which replaces Spring Kafka's default one, so it logs the moves as that one did (operators
 * and the rebalance fault test read them).
 * <p>
 * A stalled partition that a rebalance gives to another instance is no longer this instance's wait: only a write on
 * the partition cleared it, and none comes here any more, so health stayed DOWN for ever.
 */
@Component
class PartitionMoves implements ConsumerAwareRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(PartitionMoves.class);

    private final ConsumerHealth health;

    PartitionMoves(ConsumerHealth health) {
        this.health = health;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        log.info("partitions assigned: {}", partitions);
    }

    @Override
    public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        log.info("partitions revoked: {}", partitions);
        health.forget(partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        log.info("partitions lost: {}", partitions);
        health.forget(partitions);
    }
}
