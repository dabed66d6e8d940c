package io.lemonadeoutbox.thankyou.pipeline;

import io.lemonadeoutbox.thankyou.card.CardRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
     */
    record Pipeline(long cards, long cardsWritten, long duplicatesSuppressed, long deadLetters,
                    ConsumerLag.GroupLag consumer) {
    }

    private final CardRepository cards;
    private final JdbcClient jdbc;
    private final MeterRegistry meters;
    private final ConsumerLag lag;

    PipelineController(CardRepository cards, JdbcClient jdbc, MeterRegistry meters, ConsumerLag lag) {
        this.cards = cards;
        this.jdbc = jdbc;
        this.meters = meters;
        this.lag = lag;
    }

    @GetMapping("/api/pipeline")
    Pipeline pipeline() {
        long deadLetters = jdbc.sql("select count(*) from dead_letter").query(Long.class).single();
        return new Pipeline(cards.count(), count("thankyou.cards.written"), count("thankyou.inbox.duplicates"),
                deadLetters, lag.get());
    }

    private long count(String counter) {
        Counter found = meters.find(counter).counter();
        return found == null ? 0 : (long) found.count();
    }
}
