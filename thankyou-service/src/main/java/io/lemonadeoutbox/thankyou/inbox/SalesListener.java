package io.lemonadeoutbox.thankyou.inbox;

import io.lemonadeoutbox.thankyou.card.CardRepository;
import io.lemonadeoutbox.thankyou.inbox.SalesEvent.LemonadeSold;
import io.lemonadeoutbox.thankyou.inbox.SalesEvent.SaleRefunded;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A poll's records are written in one local transaction: inbox rows and cards together, in the order the partition
 * delivered them. If that transaction fails, nothing of it stays, and the records are written again one transaction
 * each, so one poison record is isolated: the records before it are written, it is handed to the error handler by
 * its index ({@link BatchListenerFailedException}), which commits the offsets before it, dead-letters it or waits
 * for the database as {@link RecordFailure} says, and re-polls what follows. The container (ack-mode BATCH) commits
 * a poll's offsets only after this method returned, i.e. after the writes committed. A crash in between re-delivers
 * those records, and the inbox turns each re-delivery into a counted no-op. A partition whose topic was deleted and
 * created again since it was last read is read again from its beginning ({@link RereadAfterTopicLoss}).
 */
@Component
public class SalesListener {

    private static final Logger log = LoggerFactory.getLogger(SalesListener.class);

    enum Outcome { CARD_WRITTEN, CARD_REFUNDED, REFUND_PENDING, DUPLICATE }

    private final RereadAfterTopicLoss rereads;
    private final Inbox inbox;
    private final CardRepository cards;
    private final TransactionTemplate transaction;
    private final SaleTrace trace;
    private final ConsumerHealth health;
    private final JdbcClient jdbc;
    private final boolean outageIsTheRecordsFault;
    private final boolean writePollInOneTransaction;
    private final Map<TopicPartition, Long> failedAt = new ConcurrentHashMap<>();
    private final Counter duplicates;
    private final Counter cardsWritten;
    private final Counter cardsRefunded;
    private final Counter refundsPending;

    public SalesListener(Inbox inbox, CardRepository cards, TransactionTemplate transaction, SaleTrace trace,
                         ConsumerHealth health, JdbcClient jdbc, InboxProperties properties, MeterRegistry meters,
                         RereadAfterTopicLoss rereads) {
        this.rereads = rereads;
        this.jdbc = jdbc;
        this.inbox = inbox;
        this.trace = trace;
        this.cards = cards;
        this.transaction = transaction;
        this.health = health;
        this.outageIsTheRecordsFault = properties.unsafe().noOutageRetry();
        this.writePollInOneTransaction = properties.writePollInOneTransaction();
        this.duplicates = Counter.builder("thankyou.inbox.duplicates")
                .description("Records whose event id was already in the inbox (re-deliveries, republished history)")
                .register(meters);
        this.cardsWritten = Counter.builder("thankyou.cards.written")
                .description("Thank-you cards written, one per sale")
                .register(meters);
        this.cardsRefunded = Counter.builder("thankyou.cards.refunded")
                .description("Cards marked refunded")
                .register(meters);
        this.refundsPending = Counter.builder("thankyou.refunds.pending")
                .description("Refunds that arrived before their sale's card, kept until the card is written")
                .register(meters);
    }

    // idIsGroup = false: the group stays spring.kafka.consumer.group-id (thankyou-service), not the listener id
    @KafkaListener(id = "thankyou-sales", idIsGroup = false, topics = "${thankyou.topic}", batch = "true")
    public void onPoll(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
        rereads.beforeWriting(records, consumer);
        if (records.size() > 1 && writePollInOneTransaction && !holdsARecordThatFailed(records)) {
            try {
                writeTogether(records);
                rereads.afterWriting(records);
                return;
            } catch (RuntimeException failure) {
                // even for an outage: the records before the one that failed are written, and the wait is at it
                log.info("A poll of {} records failed as one transaction ({}); writing them one at a time",
                        records.size(), RecordFailure.classify(failure, outageIsTheRecordsFault).reason());
            }
        }
        for (int index = 0; index < records.size(); index++) {
            ConsumerRecord<String, byte[]> record = records.get(index);
            try {
                writeAlone(record);
            } catch (RuntimeException failure) {
                failedAt.put(new TopicPartition(record.topic(), record.partition()), record.offset());
                throw failed(record, classify(failure), index);
            }
        }
        rereads.afterWriting(records);
    }

    /**
     * A poll delivered again after one of its records failed is written one record at a time until that record is
     * through: trying it as one transaction again would fail again, and double the attempts of a record being retried.
     */
    private boolean holdsARecordThatFailed(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().anyMatch(r -> Long.valueOf(r.offset())
                .equals(failedAt.get(new TopicPartition(r.topic(), r.partition()))));
    }

    private void writeTogether(List<ConsumerRecord<String, byte[]>> records) {
        List<Written> written = new ArrayList<>(records.size());
        try {
            transaction.executeWithoutResult(status -> {
                for (ConsumerRecord<String, byte[]> record : records) {
                    written.add(writeTraced(record));
                }
            });
        } catch (RuntimeException e) {
            written.forEach(each -> each.span().end());
            throw e;
        }
        written.forEach(this::committed);
        records.stream().map(r -> new TopicPartition(r.topic(), r.partition())).distinct()
                .forEach(partition -> health.moving(partition.topic(), partition.partition()));
    }

    private void writeAlone(ConsumerRecord<String, byte[]> record) {
        Written written = transaction.execute(status -> writeTraced(record));
        committed(written);
        failedAt.remove(new TopicPartition(record.topic(), record.partition()), record.offset());
        health.moving(record.topic(), record.partition());
    }

    private record Written(ConsumerRecord<String, byte[]> record, IncomingEvent event, Outcome outcome, Span span) {
    }

    /** Parses and applies one record inside the current transaction, as a child span of the sale's trace. */
    private Written writeTraced(ConsumerRecord<String, byte[]> record) {
        Span span = trace.continueFrom(record.headers());
        try (Tracer.SpanInScope scope = trace.inScope(span)) {
            IncomingEvent event = WireContract.parse(record.key(), record.headers(), record.value());
            return new Written(record, event, apply(event, record, span.context().traceId()), span);
        } catch (RuntimeException e) {
            span.error(e);
            span.end();
            throw e;
        }
    }

    private void committed(Written written) {
        written.span().end();
        switch (written.outcome()) {
            case CARD_WRITTEN -> cardsWritten.increment();
            case CARD_REFUNDED -> cardsRefunded.increment();
            case REFUND_PENDING -> refundsPending.increment();
            case DUPLICATE -> {
                duplicates.increment();
                log.debug("Skipped duplicate event {} at {}-{}@{}", written.event().eventId(),
                        written.record().topic(), written.record().partition(), written.record().offset());
            }
        }
    }

    /**
     * A connection that broke under a statement does not always say so: when the rollback fails too, Spring reports
     * the rollback's exception, whose SQLSTATE may be missing. So a record that seems to be at fault while the
     * database was involved is checked against the database itself: if it cannot answer {@code select 1} now, this
     * is an outage.
     */
    private RecordFailure classify(RuntimeException failure) {
        RecordFailure kind = RecordFailure.classify(failure, outageIsTheRecordsFault);
        if (kind instanceof RecordFailure.DatabaseUnavailable || outageIsTheRecordsFault
                || !RecordFailure.involvesTheDatabase(failure)) {
            return kind;
        }
        try {
            jdbc.sql("select 1").query(Integer.class).single();
            return kind;
        } catch (RuntimeException probe) {
            return new RecordFailure.DatabaseUnavailable("the database is unavailable (select 1 failed: "
                    + probe.getClass().getSimpleName() + "); the record failed with: " + kind.reason(), failure);
        }
    }

    private BatchListenerFailedException failed(ConsumerRecord<String, byte[]> record, RecordFailure failure,
                                                int index) {
        if (failure instanceof RecordFailure.DatabaseUnavailable) {
            health.stalled(record.topic(), record.partition(), record.offset(),
                    ConsumerHealth.Stalled.WAITING_FOR_DATABASE, failure.reason());
            log.warn("Partition {}-{} waits at offset {}: {}", record.topic(), record.partition(), record.offset(),
                    failure.reason());
        }
        return new BatchListenerFailedException(failure.reason(), failure, index);
    }

    private Outcome apply(IncomingEvent event, ConsumerRecord<String, byte[]> record, String traceId) {
        if (!inbox.accept(event, record)) {
            return Outcome.DUPLICATE;
        }
        if (event.payload() instanceof LemonadeSold sold) {
            return writeCard(event.eventId(), sold, traceId);
        }
        return markRefunded(event.eventId(), (SaleRefunded) event.payload());
    }

    private Outcome writeCard(String eventId, LemonadeSold sold, String traceId) {
        boolean written = cards.insertIfAbsent(sold.saleId(), sold.customer().name(), sold.customer().email(),
                sold.cups(), sold.flavour(), eventId, traceId);
        if (!written) {
            // Not a re-delivery (the inbox let it through): a second LemonadeSold with another event id.
            // Exactly one card per sale, so refuse it visibly; throwing rolls the inbox row back.
            throw new PoisonRecordException("sale " + sold.saleId() + " already has a card from another event; "
                    + "LemonadeSold " + eventId + " refused");
        }
        if (cards.applyPendingRefund(sold.saleId())) {
            log.info("Sale {}: its card is written and the refund that arrived before it applied", sold.saleId());
        }
        return Outcome.CARD_WRITTEN;
    }

    /**
     * A refund of a sale with no card yet is not poison: when the topic was lost and history is republished, the
     * refund can be published to the new topic before the republish reaches its LemonadeSold (and a sale that was
     * dead-lettered and is retried by an operator arrives after its refund too). The refund is kept and applied
     * when the card is written ({@link #writeCard}); its event is in the inbox, so a re-delivery stays a no-op.
     */
    private Outcome markRefunded(String eventId, SaleRefunded refunded) {
        if (cards.markRefunded(refunded.saleId(), refunded.refundedAt(), refunded.reason(), eventId)) {
            return Outcome.CARD_REFUNDED;
        }
        if (cards.find(refunded.saleId()).isPresent()) {
            throw new PoisonRecordException("SaleRefunded " + eventId + ": sale " + refunded.saleId()
                    + " is already refunded");
        }
        if (!cards.keepPendingRefund(refunded.saleId(), refunded.refundedAt(), refunded.reason(), eventId)) {
            throw new PoisonRecordException("SaleRefunded " + eventId + ": sale " + refunded.saleId()
                    + " has no card yet and already a refund waiting for it");
        }
        log.info("Sale {} refunded before its card was written (out of order across a topic loss): refund {} "
                + "kept until the sale arrives", refunded.saleId(), eventId);
        return Outcome.REFUND_PENDING;
    }
}
