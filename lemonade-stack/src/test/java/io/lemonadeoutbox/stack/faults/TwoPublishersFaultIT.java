package io.lemonadeoutbox.stack.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lemonadeoutbox.infra.SharedInfrastructure;
import io.lemonadeoutbox.stack.RunningStack;
import io.lemonadeoutbox.testkit.services.ServiceProcess;
import io.lemonadeoutbox.stack.Shop;
import io.lemonadeoutbox.stack.Shop.Answer;
import io.lemonadeoutbox.stack.StackDatabases;
import io.lemonadeoutbox.stack.StackDatabases.SegmentToken;
import io.lemonadeoutbox.testkit.SaleRecords;
import io.lemonadeoutbox.testkit.SalesLoad;
import io.lemonadeoutbox.testkit.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Two lemonade-app instances on one event store and topic, the publishing processor split into two segments: each
 * instance publishes one. One is killed (SIGKILL); after the token store's claim timeout the other claims its segment
 * and publishes the rest. Per-sale order holds on the topic and every sale gets exactly one card.
 * <p>
 * A tracking processor claims at most as many segments as it has threads, so the first instance runs one thread
 * (it claims one segment and leaves the other) and the second runs two (one for its own segment, one to take over).
 */
class TwoPublishersFaultIT {

    private static final Duration STARTUP = Duration.ofMinutes(4);
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(5);

    @Test
    void theSurvivorTakesOverTheKilledPublishersSegmentAndEverySaleGetsOneCardInOrder() throws Exception {
        try (RunningStack stack = RunningStack.start(SharedInfrastructure.get(), List.of(
                "--lemonade.publishing.segments=2", "--lemonade.publishing.threads=1",
                "--axon.eventhandling.tokenstore.claim-timeout=" + CLAIM_TIMEOUT.toSeconds() + "s"))) {
            ServiceProcess first = stack.lemonadeApp();
            ServiceProcess second = stack.startAnotherLemonadeApp(List.of("--lemonade.publishing.threads=2"));
            second.awaitHealthy(STARTUP);
            Shop viaFirst = stack.shop(first);
            Shop viaSecond = stack.shop(second);
            StackDatabases data = new StackDatabases(stack);
            String run = "two-" + UUID.randomUUID().toString().substring(0, 8);

            await("each instance claiming one of the two segments").atMost(Duration.ofSeconds(60))
                    .until(() -> owners(data).equals(Set.of(owner(first), owner(second))));
            System.out.println("segment owners with both running: " + data.publishingTokens());

            List<String> sales = new ArrayList<>();
            List<String> refunded = new ArrayList<>();
            for (int n = 0; n < 40; n++) {
                String saleId = run + "-both-" + n;
                Shop shop = n % 2 == 0 ? viaFirst : viaSecond;
                assertThat(shop.trySell(saleId).created()).isTrue();
                sales.add(saleId);
                if (n % 3 == 0) {
                    assertThat(shop.tryRefund(saleId).ok()).isTrue();
                    refunded.add(saleId);
                }
            }

            // Killed while sales flow: the first's segment gets events that only the survivor can publish.
            try (var load = new SalesLoad<>(viaSecond::trySell, Answer::created)
                    .concurrent(run + "-after", 4, 80).start()) {
                await("sales flowing through the second instance").atMost(Duration.ofSeconds(60))
                        .until(() -> load.created() >= 10);
                first.kill();
                List<Answer> answers = load.finish();
                assertThat(answers).allMatch(Answer::created, "201 Created");
                answers.forEach(answer -> sales.add(answer.saleId()));
                for (Answer answer : answers.subList(0, answers.size() / 3)) {
                    assertThat(viaSecond.tryRefund(answer.saleId()).ok()).isTrue();
                    refunded.add(answer.saleId());
                }
            }

            await("the survivor owning both segments after the claim timeout").atMost(Duration.ofSeconds(90))
                    .until(() -> owners(data).equals(Set.of(owner(second))));
            System.out.println("segment owners after the kill: " + data.publishingTokens());

            data.awaitCleanAudit(Duration.ofSeconds(120));
            Map<String, Integer> cards = data.cardsBySale();
            assertThat(cards.keySet()).as("sales with a card").containsExactlyInAnyOrderElementsOf(sales);
            assertThat(cards.values()).as("cards per sale").containsOnly(1);
            for (String saleId : refunded) {
                assertThat(viaSecond.card(saleId).orElseThrow().path("refunded").asBoolean())
                        .as("card of refunded sale " + saleId).isTrue();
            }

            Map<String, List<ConsumerRecord<String, byte[]>>> topic = TopicReader.byKey(TopicReader.readAll(
                    stack.infrastructure().kafka().bootstrapServers(), stack.wiring().topic()));
            for (String saleId : refunded) {
                List<String> types = topic.get(saleId).stream()
                        .map(record -> TopicReader.header(record, SaleRecords.TYPE)).toList();
                assertThat(types).as("records of refunded sale " + saleId + " in partition order")
                        .contains(SaleRecords.SALE_REFUNDED)
                        .first().isEqualTo(SaleRecords.LEMONADE_SOLD);
            }
            long resent = topic.values().stream().mapToLong(List::size).sum() - sales.size() - refunded.size();
            System.out.println("records sent twice (published, then the token not committed before the kill): "
                    + resent);
        }
    }

    private static Set<String> owners(StackDatabases data) throws Exception {
        List<SegmentToken> tokens = data.publishingTokens();
        if (tokens.size() != 2) {
            return Set.of();
        }
        return tokens.stream().map(token -> String.valueOf(token.owner())).collect(Collectors.toSet());
    }

    /** The JDBC token store names its owner after the JVM: pid@host. */
    private static String owner(ServiceProcess service) {
        return service.pid() + "@" + hostName();
    }

    private static String hostName() {
        String jvm = java.lang.management.ManagementFactory.getRuntimeMXBean().getName();
        return jvm.substring(jvm.indexOf('@') + 1);
    }
}
