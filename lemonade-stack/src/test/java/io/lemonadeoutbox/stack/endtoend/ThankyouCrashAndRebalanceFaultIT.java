package io.lemonadeoutbox.stack.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lemonadeoutbox.infra.Postgres;
import io.lemonadeoutbox.stack.ProjectLayout;
import io.lemonadeoutbox.stack.RunningStack;
import io.lemonadeoutbox.stack.ServiceProcess;
import io.lemonadeoutbox.stack.audit.AuditReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * G1 and G3 across consumer crashes and rebalances: thankyou-service is SIGKILLed while it writes cards (offsets of
 * carded records not yet committed) and restarted; then a second instance joins the consumer group on the same
 * database while sales flow, and the first one stops. Re-delivered records hit the inbox; exactly one card per sale.
 */
class ThankyouCrashAndRebalanceFaultIT {

    private static final Duration DRAIN = Duration.ofSeconds(150);
    /** A ceiling, not a target: the stream must outlast a second instance's start-up, stopped once it was seen. */
    private static final int MAX_SALES = 2000;
    private static RunningStack stack;
    private static ServiceProcess second;

    @BeforeAll
    static void startStack() {
        stack = FaultStack.start();
    }

    @AfterAll
    static void stopStack() {
        if (second != null) {
            second.stop();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aCrashedAndRebalancedConsumerWritesExactlyOneCardPerSale() throws Exception {
        Shopfront shop = new Shopfront(stack);
        StackAudit audit = new StackAudit(stack);
        ServiceProcess first = stack.thankyouService();
        String run = "rebalance-" + UUID.randomUUID().toString().substring(0, 8);
        int sold;

        try (SteadySales sales = new SteadySales(shop, run, MAX_SALES).start(Duration.ofMillis(100))) {
            long cardsAtKill = await("cards being written").atMost(DRAIN)
                    .until(audit::cardCount, cards -> cards >= 15);
            first.kill();
            long inboxAtKill = audit.inboxCount();
            System.out.println("thankyou-service killed at " + cardsAtKill + " cards, " + inboxAtKill + " inbox rows");
            first.restart();
            first.awaitHealthy(Duration.ofMinutes(3));
            await("cards again after the restart").atMost(DRAIN).until(audit::cardCount, cards -> cards > cardsAtKill);

            second = new ServiceProcess("thankyou-service-2", ProjectLayout.detect().thankyouServiceJar(), freePort(),
                    RunningStack.TEST_JVM_OPTIONS, System.out::println);
            second.start(thankyouArgs());
            second.awaitHealthy(Duration.ofMinutes(3));
            await("the second instance to get partitions").atMost(DRAIN)
                    .until(() -> second.logs().stream().anyMatch(line -> line.contains("partitions assigned: [")
                            && line.contains(stack.wiring().topic())));
            long cardsWithTwo = audit.cardCount();
            await("cards while both instances share the group").atMost(DRAIN)
                    .until(audit::cardCount, cards -> cards >= cardsWithTwo + 10);

            first.stop();
            long cardsWithSecondAlone = audit.cardCount();
            await("cards from the second instance alone").atMost(DRAIN)
                    .until(audit::cardCount, cards -> cards >= cardsWithSecondAlone + 10);
            sold = sales.stop();
            assertThat(sales.failures()).isEmpty();
        }

        AuditReport report = audit.awaitClean(sold, DRAIN);
        assertThat(report.deadLetters()).as("a re-delivery is a duplicate, never a dead letter").isZero();
    }

    private static List<String> thankyouArgs() {
        Postgres postgres = stack.infrastructure().postgres();
        return List.of(
                "--spring.datasource.url=" + stack.thankyouJdbcUrl(),
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                "--spring.kafka.bootstrap-servers=" + stack.infrastructure().kafka().bootstrapServers(),
                "--thankyou.topic=" + stack.wiring().topic(),
                "--thankyou.dead-letter-topic=" + stack.wiring().deadLetterTopic());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
