package io.lemonadeoutbox.thankyou.inbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param writePollInOneTransaction true (the default): a poll's records are written in one transaction, falling back
 *                                  to one transaction per record when it fails; false: one transaction per record
 *                                  always (the old way, kept as the baseline of the drain-rate measurement)
 * @param unsafe                    test-only switches for negative controls (see {@code UnsafeSwitches}); all off
 */
@ConfigurationProperties("thankyou")
public record InboxProperties(String topic, String deadLetterTopic, int deadLetterTopicPartitions, Retry retry,
                              Boolean writePollInOneTransaction, Unsafe unsafe) {

    public InboxProperties {
        writePollInOneTransaction = writePollInOneTransaction == null || writePollInOneTransaction;
        unsafe = unsafe == null ? new Unsafe(false, false) : unsafe;
    }

    /**
     * Bounded exponential back-off: retries of a record that lost a race ({@link RecordFailure.Contention}) before
     * it is dead-lettered, and the pace of the unbounded wait for the database and of re-recording a dead letter.
     */
    public record Retry(Duration initialInterval, double multiplier, Duration maxInterval, int maxRetries) {}

    /**
     * @param inboxAcceptsDuplicates {@code thankyou.unsafe.inbox-accepts-duplicates}: the inbox treats every event id
     *                               as new, so a re-delivered sale is refused by the card's unique sale id and
     *                               dead-lettered (what the fault tests' negative controls show)
     * @param noOutageRetry          {@code thankyou.unsafe.no-outage-retry}: a database outage dead-letters the
     *                               record instead of waiting for the database
     */
    public record Unsafe(boolean inboxAcceptsDuplicates, boolean noOutageRetry) {}
}
