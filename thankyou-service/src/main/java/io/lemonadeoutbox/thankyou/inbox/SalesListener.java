package io.lemonadeoutbox.thankyou.inbox;

import io.lemonadeoutbox.thankyou.card.CardRepository;
import io.lemonadeoutbox.thankyou.inbox.SalesEvent.LemonadeSold;
import io.lemonadeoutbox.thankyou.inbox.SalesEvent.SaleRefunded;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Inbox row and card change in one local transaction; the container (ack-mode BATCH) commits the offsets of a poll
 * only after this method returned for each of its records, i.e. after their transactions committed. A crash in
 * between re-delivers those records, and the inbox turns each re-delivery into a counted no-op.
 */
@Component
public class SalesListener {

    private static final Logger log = LoggerFactory.getLogger(SalesListener.class);

    enum Outcome { CARD_WRITTEN, CARD_REFUNDED, DUPLICATE }

    private final Inbox inbox;
    private final CardRepository cards;
    private final TransactionTemplate transaction;
    private final SaleTrace trace;
    private final Counter duplicates;
    private final Counter cardsWritten;
    private final Counter cardsRefunded;

    public SalesListener(Inbox inbox, CardRepository cards, TransactionTemplate transaction, SaleTrace trace,
                         MeterRegistry meters) {
        this.inbox = inbox;
        this.trace = trace;
        this.cards = cards;
        this.transaction = transaction;
        this.duplicates = Counter.builder("thankyou.inbox.duplicates")
                .description("Records whose event id was already in the inbox (re-deliveries, republished history)")
                .register(meters);
        this.cardsWritten = Counter.builder("thankyou.cards.written")
                .description("Thank-you cards written, one per sale")
                .register(meters);
        this.cardsRefunded = Counter.builder("thankyou.cards.refunded")
                .description("Cards marked refunded")
                .register(meters);
    }

    // idIsGroup = false: the group stays spring.kafka.consumer.group-id (thankyou-service), not the listener id
    @KafkaListener(id = "thankyou-sales", idIsGroup = false, topics = "${thankyou.topic}")
    public void onRecord(ConsumerRecord<String, byte[]> record) {
        Span span = trace.continueFrom(record.headers());
        try (Tracer.SpanInScope scope = trace.inScope(span)) {
            handle(record, span.context().traceId());
        } catch (RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record, String traceId) {
        IncomingEvent event = WireContract.parse(record.key(), record.headers(), record.value());
        Outcome outcome = transaction.execute(status -> apply(event, record, traceId));
        switch (outcome) {
            case CARD_WRITTEN -> cardsWritten.increment();
            case CARD_REFUNDED -> cardsRefunded.increment();
            case DUPLICATE -> {
                duplicates.increment();
                log.debug("Skipped duplicate event {} at {}-{}@{}", event.eventId(),
                        record.topic(), record.partition(), record.offset());
            }
        }
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
                sold.cups(), eventId, traceId);
        if (!written) {
            // Not a re-delivery (the inbox let it through): a second LemonadeSold with another event id.
            // Exactly one card per sale, so refuse it visibly; throwing rolls the inbox row back.
            throw new PoisonRecordException("sale " + sold.saleId() + " already has a card from another event; "
                    + "LemonadeSold " + eventId + " refused");
        }
        return Outcome.CARD_WRITTEN;
    }

    private Outcome markRefunded(String eventId, SaleRefunded refunded) {
        if (!cards.markRefunded(refunded.saleId(), refunded.refundedAt(), refunded.reason(), eventId)) {
            String why = cards.find(refunded.saleId()).isPresent() ? "is already refunded" : "has no card yet";
            // Key order makes "no card yet" impossible unless the sale itself was dead-lettered or lost upstream.
            // Dead-lettering (not parking in the inbox) surfaces that to an operator, who retries the sale first.
            throw new PoisonRecordException("SaleRefunded " + eventId + ": sale " + refunded.saleId() + " " + why);
        }
        return Outcome.CARD_REFUNDED;
    }
}
