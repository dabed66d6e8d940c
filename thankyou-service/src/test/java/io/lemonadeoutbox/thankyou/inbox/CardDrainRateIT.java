package io.lemonadeoutbox.thankyou.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.lemonadeoutbox.thankyou.SalesTopicFixture;
import io.lemonadeoutbox.thankyou.ThankyouApplication;
import io.lemonadeoutbox.thankyou.card.CardRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A measurement, not a test of speed (it asserts only that every card was written): how fast thankyou-service drains a
 * backlog of sales into cards, one transaction per record against one transaction per poll, on the same servers in
 * one run, alternating, each mode {@code thankyou.drain.repetitions} times. Runs only when asked:
 * {@code /work/tools/heavy ./mvnw -B -ntp -pl thankyou-service -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=CardDrainRateIT -Dthankyou.drain.records=20000}.
 */
@EnabledIfSystemProperty(named = "thankyou.drain.records", matches = "\\d+")
class CardDrainRateIT {

    private static final int RECORDS = Integer.getInteger("thankyou.drain.records", 0);
    private static final int REPETITIONS = Integer.getInteger("thankyou.drain.repetitions", 3);

    @Test
    void drainABacklogOneTransactionPerRecordAndOnePerPoll() {
        List<String> lines = new ArrayList<>();
        for (int repetition = 1; repetition <= REPETITIONS; repetition++) {
            for (boolean perPoll : new boolean[] {false, true}) {
                double rate = drain(perPoll);
                lines.add(String.format("repetition %d, %-28s %,8.0f cards/s", repetition,
                        perPoll ? "one transaction per poll:" : "one transaction per record:", rate));
            }
        }
        System.out.println("CardDrainRateIT, " + RECORDS + " records of backlog, 3 partitions, concurrency 3:");
        lines.forEach(line -> System.out.println("  " + line));
    }

    /** Produces the backlog first, then starts the service and times it from listener start to the last card. */
    private static double drain(boolean perPoll) {
        try (SalesTopicFixture sales = new SalesTopicFixture("drain")) {
            List<String> properties = new ArrayList<>();
            sales.register((name, value) -> properties.add(name + "=" + value.get()));
            List<CompletableFuture<?>> sent = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                String saleId = "drain-" + UUID.randomUUID();
                sent.add(sales.sendAsync(sales.soldRecord(UUID.randomUUID().toString(), saleId, "Ada Lovelace", 1)));
            }
            sent.forEach(CompletableFuture::join);

            long started = System.nanoTime();
            try (ConfigurableApplicationContext service = new SpringApplicationBuilder(ThankyouApplication.class)
                    .web(WebApplicationType.NONE)
                    .run(args(properties, "thankyou.write-poll-in-one-transaction=" + perPoll))) {
                CardRepository cards = service.getBean(CardRepository.class);
                long firstCard = 0;
                while (cards.count() < RECORDS) {
                    if (firstCard == 0 && cards.count() > 0) {
                        firstCard = System.nanoTime();
                    }
                    sleep(Duration.ofMillis(50));
                    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMinutes(10));
                }
                long done = System.nanoTime();
                long from = firstCard == 0 ? started : firstCard;
                return RECORDS / ((done - from) / 1e9);
            }
        }
    }

    /** As command-line arguments, which win over application.yml (default properties would not). */
    private static String[] args(List<String> properties, String more) {
        List<String> args = new ArrayList<>(properties.stream().map(p -> "--" + p).toList());
        args.add("--" + more);
        return args.toArray(String[]::new);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
