package io.lemonadeoutbox.thankyou.inbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A partition whose topic is not the one it was last read from ({@link TopicIncarnations}) is read again from its
 * beginning, and is taken to be on the new topic only once that reading has come back to where the change was found.
 * A crash or a rebalance before then leaves the old id in place, so whoever reads the partition next starts over too.
 */
@Component
class RereadAfterTopicLoss {

    private static final Logger log = LoggerFactory.getLogger(RereadAfterTopicLoss.class);

    private record Reread(String topicId, long beginning, long resumeAt, boolean started) {
    }

    private final TopicIncarnations incarnations;
    private final Map<TopicPartition, Reread> rereads = new ConcurrentHashMap<>();

    RereadAfterTopicLoss(TopicIncarnations incarnations) {
        this.incarnations = incarnations;
    }

    /** Before a poll is written; a seek takes effect at the next poll (this one is written as it is). */
    void beforeWriting(List<? extends ConsumerRecord<?, ?>> records, Consumer<?, ?> consumer) {
        for (Map.Entry<TopicPartition, long[]> span : spans(records).entrySet()) {
            TopicPartition partition = span.getKey();
            long first = span.getValue()[0];
            Reread reread = rereads.get(partition);
            if (reread != null) {
                if (!reread.started() && first == reread.beginning()) {
                    rereads.put(partition, new Reread(reread.topicId(), reread.beginning(), reread.resumeAt(), true));
                } else if (!reread.started()) {
                    consumer.seek(partition, reread.beginning()); // an error handler's seek came after ours
                }
                continue;
            }
            Optional<String> now = incarnations.current(partition.topic());
            if (now.isEmpty()) {
                continue;
            }
            Optional<String> last;
            try {
                last = incarnations.lastRead(partition);
            } catch (RuntimeException databaseDown) {
                continue; // the poll's writes will meet the outage and wait for it; the check comes with the next poll
            }
            if (last.isEmpty()) {
                rememberIfPossible(partition, now.get());
            } else if (!last.get().equals(now.get())) {
                long beginning = consumer.beginningOffsets(List.of(partition)).get(partition);
                log.warn("Topic {} is not the one partition {} was last read from (topic id {}, now {}): reading it "
                        + "again from offset {}, where it was at {}; the inbox drops what it already applied",
                        partition.topic(), partition.partition(), last.get(), now.get(), beginning, first);
                rereads.put(partition, new Reread(now.get(), beginning, first, first == beginning));
                if (first != beginning) {
                    consumer.seek(partition, beginning);
                }
            }
        }
    }

    /** After a poll's writes committed. */
    void afterWriting(List<? extends ConsumerRecord<?, ?>> records) {
        for (Map.Entry<TopicPartition, long[]> span : spans(records).entrySet()) {
            Reread reread = rereads.get(span.getKey());
            if (reread != null && reread.started() && span.getValue()[1] >= reread.resumeAt()) {
                if (rememberIfPossible(span.getKey(), reread.topicId())) {
                    rereads.remove(span.getKey());
                }
            }
        }
    }

    /** False when the database is down: the next poll of the partition tries again. */
    private boolean rememberIfPossible(TopicPartition partition, String topicId) {
        try {
            incarnations.remember(partition, topicId);
            return true;
        } catch (RuntimeException databaseDown) {
            return false;
        }
    }

    /** Each partition's first and last offset in the poll. */
    private static Map<TopicPartition, long[]> spans(List<? extends ConsumerRecord<?, ?>> records) {
        Map<TopicPartition, long[]> spans = new LinkedHashMap<>();
        for (ConsumerRecord<?, ?> record : records) {
            spans.merge(new TopicPartition(record.topic(), record.partition()),
                    new long[] {record.offset(), record.offset()},
                    (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        return spans;
    }
}
