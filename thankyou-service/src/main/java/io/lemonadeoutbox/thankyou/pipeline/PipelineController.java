package io.lemonadeoutbox.thankyou.pipeline;

import io.lemonadeoutbox.thankyou.card.CardRepository;
import io.lemonadeoutbox.thankyou.inbox.ConsumerHealth;
import java.util.List;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The consumer's half of lemonade-app's pipeline page. */
@RestController
class PipelineController {

    /**
     * @param cards                cards in the database
     * @param cardsWritten         cards written by this instance since it started
     * @param duplicatesSuppressed re-deliveries the inbox turned into no-ops since this instance started
     * @param deadLetters          records ever dead-lettered (the dead_letter table)
     * @param stalledPartitions    partitions held at a record: waiting for the database to come back, or for its
     *                             dead letter to be recorded (health is DOWN while this is not empty)
     * @param databaseError        why {@code cards} and {@code deadLetters} are -1: the database did not answer
     */
    record Pipeline(long cards, long cardsWritten, long duplicatesSuppressed, long deadLetters,
                    ConsumerLag.GroupLag consumer, List<ConsumerHealth.Wait> stalledPartitions, String databaseError) {
    }

    private final CardRepository cards;
    private final JdbcClient jdbc;
    private final MeterRegistry meters;
    private final ConsumerLag lag;
    private final ConsumerHealth health;

    PipelineController(CardRepository cards, JdbcClient jdbc, MeterRegistry meters, ConsumerLag lag,
                       ConsumerHealth health) {
        this.cards = cards;
        this.jdbc = jdbc;
        this.meters = meters;
        this.lag = lag;
        this.health = health;
    }

    /** Answers while the database is down too: that is when the stalled partitions matter. */
    @GetMapping("/api/pipeline")
    Pipeline pipeline() {
        long cardCount = -1;
        long deadLetters = -1;
        String databaseError = null;
        try {
            cardCount = cards.count();
            deadLetters = jdbc.sql("select count(*) from dead_letter").query(Long.class).single();
        } catch (DataAccessException e) {
            databaseError = e.getClass().getSimpleName() + ": " + e.getMostSpecificCause().getMessage();
        }
        return new Pipeline(cardCount, count("thankyou.cards.written"), count("thankyou.inbox.duplicates"),
                deadLetters, lag.get(), health.waits(), databaseError);
    }

    private long count(String counter) {
        Counter found = meters.find(counter).counter();
        return found == null ? 0 : (long) found.count();
    }
}
