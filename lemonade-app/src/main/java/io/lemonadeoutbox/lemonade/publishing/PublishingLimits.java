package io.lemonadeoutbox.lemonade.publishing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings whose order decides whether an event can be lost or a batch outlive its transaction (pitfall 12), and
 * the rules between them. Each violation names the setting to change.
 * <ul>
 * <li>{@code linger.ms + request.timeout.ms <= delivery.timeout.ms}: Kafka's own rule for the producer.</li>
 * <li>{@code delivery.timeout.ms <= lemonade.publishing.ack-timeout}: the producer reports every record within
 *     delivery.timeout.ms of its send, so a batch the publisher gives up has really failed in the producer and its
 *     retry does not queue a second copy next to one the producer still holds.</li>
 * <li>{@code ack-timeout + max.block.ms + delivery.timeout.ms < transaction_timeout}: the processor's batch runs in
 *     one database transaction (it ends with the token update); the publisher sends until the batch deadline (a
 *     send may block max.block.ms), then waits up to delivery.timeout.ms for what the producer still holds.</li>
 * <li>{@code 2 x transaction_timeout + 2 x clock-skew-margin <= gap-timeout}: Axon gives a gap up when it reads an event
 *     above it whose timestamp is older than now minus the gap timeout. The gap's transaction took its index before
 *     that event's insert, which came at most clock-skew-margin after the event's timestamp by PostgreSQL's clock
 *     (later appends are rolled back), so it ends at most transaction_timeout after that. The reader decides with its
 *     own clock (at most clock-skew-margin ahead of PostgreSQL's, checked at start-up) on rows of a snapshot taken
 *     up to transaction_timeout earlier (its read transaction is bounded too). So a gap is given up only after its
 *     transaction has ended and the snapshot that saw it missing was taken after that end.</li>
 * </ul>
 */
record PublishingLimits(Duration gapTimeout, int maxGapOffset, long lowestGlobalSequence, Duration clockSkewMargin,
                        Duration clockOffset, Duration transactionTimeout, Duration ackTimeout, Duration deliveryTimeout,
                        Duration requestTimeout, Duration linger, Duration maxBlock) {

    List<String> violations() {
        List<String> violations = new ArrayList<>(gapViolations());
        violations.addAll(timeoutViolations());
        return violations;
    }

    /** What could make the publisher give a gap up while a transaction can still commit into it. */
    List<String> gapViolations() {
        List<String> violations = new ArrayList<>();
        if (clockOffset.abs().compareTo(clockSkewMargin) > 0) {
            violations.add("this host's clock is " + clockOffset.toMillis() + " ms away from PostgreSQL's, more than "
                    + "lemonade.publishing.clock-skew-margin (" + clockSkewMargin + "): synchronise the clocks or "
                    + "raise the margin (and the gap timeout with it)");
        }
        if (maxGapOffset != Integer.MAX_VALUE) {
            violations.add("the event store's maxGapOffset is " + maxGapOffset + ": a gap that far below the token "
                    + "would be given up whatever its age; it must be Integer.MAX_VALUE");
        }
        if (lowestGlobalSequence > 1) {
            violations.add("the event store's lowestGlobalSequence is " + lowestGlobalSequence + ": no gap would be "
                    + "kept below it, but global_index starts at 1");
        }
        if (transactionTimeout.isZero()) {
            violations.add("PostgreSQL transaction_timeout is 0 (no limit): a transaction could commit into a gap "
                    + "after the publisher gave it up. Set it in postgresql.conf (transaction_timeout = '30s') or "
                    + "with ALTER DATABASE <db> SET transaction_timeout = '30s'");
        } else {
            Duration neededGapTimeout = transactionTimeout.multipliedBy(2).plus(clockSkewMargin.multipliedBy(2));
            if (gapTimeout.compareTo(neededGapTimeout) < 0) {
                violations.add("lemonade.publishing.gap-timeout is " + gapTimeout + " but must be at least "
                        + neededGapTimeout + " (2 x PostgreSQL transaction_timeout " + transactionTimeout
                        + " + 2 x lemonade.publishing.clock-skew-margin " + clockSkewMargin + "): otherwise a gap "
                        + "can be given up while its transaction can still commit. Raise the gap timeout or lower "
                        + "transaction_timeout");
            }
        }
        return violations;
    }

    /** What could make a publishing batch outlive its transaction or queue a second copy of a record. */
    List<String> timeoutViolations() {
        List<String> violations = new ArrayList<>();
        if (!transactionTimeout.isZero()) {
            Duration batchAtMost = ackTimeout.plus(maxBlock).plus(deliveryTimeout);
            if (batchAtMost.compareTo(transactionTimeout) >= 0) {
                violations.add("lemonade.publishing.ack-timeout " + ackTimeout + " + the producer's max.block.ms "
                        + maxBlock.toMillis() + " + delivery.timeout.ms " + deliveryTimeout.toMillis() + " is "
                        + batchAtMost + ", not below PostgreSQL transaction_timeout " + transactionTimeout
                        + ": a publishing batch could outlive its transaction and never commit its token");
            }
        }
        if (deliveryTimeout.compareTo(ackTimeout) > 0) {
            violations.add("axon.kafka.producer.properties[delivery.timeout.ms] is " + deliveryTimeout.toMillis()
                    + " but must be at most lemonade.publishing.ack-timeout (" + ackTimeout + "): a batch given up "
                    + "would still be queued in the producer while its retry queues it again");
        }
        if (linger.plus(requestTimeout).compareTo(deliveryTimeout) > 0) {
            violations.add("axon.kafka.producer.properties[delivery.timeout.ms] is " + deliveryTimeout.toMillis()
                    + " but must be at least linger.ms + request.timeout.ms (" + linger.plus(requestTimeout).toMillis()
                    + "): lower axon.kafka.producer.properties[request.timeout.ms]");
        }
        return violations;
    }
}
