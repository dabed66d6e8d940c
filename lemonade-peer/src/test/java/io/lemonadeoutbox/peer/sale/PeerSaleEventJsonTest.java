package io.lemonadeoutbox.peer.sale;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.autoconfigure.AutoConfigurations;

/**
 * Modulith's registry stores the published SaleEvent as JSON and reads it back to republish after a restart: the
 * event read back must be the event stored, or a republish would send another event id (a second card) or lose
 * the sequence.
 */
class PeerSaleEventJsonTest {

    private static final long SEED = Long.getLong("peer.seed", System.nanoTime());

    @Test
    void anyStoredEventReadsBackEqual() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
                .run(context -> {
                    ObjectMapper json = context.getBean(ObjectMapper.class);
                    Random random = new Random(SEED);
                    IntStream.range(0, 500).forEach(i -> {
                        SaleEvent event = arbitrary(random);
                        try {
                            String stored = json.writeValueAsString(event);
                            assertThat(json.readValue(stored, SaleEvent.class)).as("seed %d: %s", SEED, stored)
                                    .isEqualTo(event);
                        } catch (Exception e) {
                            throw new AssertionError("seed " + SEED, e);
                        }
                    });
                });
    }

    private static SaleEvent arbitrary(Random random) {
        String saleId = "s" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
        Customer customer = new Customer("Name " + random.nextInt(), "c" + random.nextInt(1000) + "@example.com");
        Money unit = new Money(random.nextInt(10_000), "EUR");
        int cups = 1 + random.nextInt(20);
        Instant at = Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000_000_000))
                .truncatedTo(ChronoUnit.MICROS);
        SalePayload payload = random.nextBoolean()
                ? new LemonadeSold(saleId, customer, cups, unit, unit.times(cups), at)
                : new SaleRefunded(saleId, customer, unit.times(cups), "reason " + random.nextInt(), at);
        return new SaleEvent(new UUID(random.nextLong(), random.nextLong()), random.nextInt(2), at, payload);
    }
}
