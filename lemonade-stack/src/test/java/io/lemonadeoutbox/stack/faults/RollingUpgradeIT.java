package io.lemonadeoutbox.stack.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lemonadeoutbox.infra.SharedInfrastructure;
import io.lemonadeoutbox.testkit.services.ProjectLayout;
import io.lemonadeoutbox.stack.RunningStack;
import io.lemonadeoutbox.testkit.services.ServiceProcess;
import io.lemonadeoutbox.stack.Shop;
import io.lemonadeoutbox.stack.StackDatabases;
import io.lemonadeoutbox.testkit.SaleRecords;
import io.lemonadeoutbox.testkit.TopicReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A rolling upgrade across LemonadeSold revision 2: the previous version of lemonade-app (built from git history,
 * {@link #PREVIOUS}, which writes revision 1) and this one (revision 2) run on one event store, the publishing
 * processor split into two segments, one each, while sales are sold through both. Each publisher sends whatever its
 * segment holds, so both revisions reach the topic and thankyou-service; every sale gets exactly one card, with its
 * flavour, and the audit is clean.
 * <p>
 * It builds the previous version once (a few minutes, cached under target/previous-version), too heavy for every
 * {@code verify}: run it with {@code -Dlemonade.rolling-upgrade=true} (README, "Evolving an event").
 */
@EnabledIfSystemProperty(named = "lemonade.rolling-upgrade", matches = "true")
class RollingUpgradeIT {

    /** main before LemonadeSold revision 2: its LemonadeSold is revision 1, without a flavour. */
    static final String PREVIOUS = "702c40713ab68419ad5cfd9dac55416b1989233f";
    private static final Duration STARTUP = Duration.ofMinutes(4);

    @Test
    void anOldAndANewInstancePublishTogetherAndEverySaleGetsOneCardWithItsFlavour() throws Exception {
        Path oldJar = PreviousVersion.lemonadeAppJar(ProjectLayout.detect().root(), PREVIOUS);
        try (RunningStack stack = RunningStack.start(SharedInfrastructure.get(), List.of(
                "--lemonade.publishing.segments=2", "--lemonade.publishing.threads=1"))) {
            ServiceProcess upgraded = stack.lemonadeApp();
            ServiceProcess old = stack.startAnotherLemonadeApp(oldJar, List.of("--lemonade.publishing.threads=1"));
            old.awaitHealthy(STARTUP);
            Shop viaOld = stack.shop(old);
            Shop viaUpgraded = stack.shop(upgraded);
            StackDatabases data = new StackDatabases(stack);
            await("each instance claiming one of the two segments").atMost(Duration.ofSeconds(60))
                    .until(() -> data.publishingTokens().stream().map(StackDatabases.SegmentToken::owner)
                            .filter(owner -> owner != null).collect(Collectors.toSet()).size() == 2);
            System.out.println("segment owners: " + data.publishingTokens());

            String run = "roll-" + UUID.randomUUID().toString().substring(0, 8);
            List<String> sales = new ArrayList<>();
            Map<String, String> flavours = new java.util.HashMap<>();
            List<String> refunded = new ArrayList<>();
            for (int n = 0; n < 60; n++) {
                String saleId = run + "-" + n;
                boolean throughOld = n % 2 == 0;
                String flavour = throughOld ? "classic" : List.of("classic", "mint", "ginger").get(n % 3);
                Shop shop = throughOld ? viaOld : viaUpgraded;
                assertThat(shop.trySell(saleId, """
                        {"saleId":"%s","customerName":"Ada Lovelace","customerEmail":"ada@example.com","cups":2,\
                        "flavour":"%s"}""".formatted(saleId, flavour)).created()).as("sale " + saleId).isTrue();
                sales.add(saleId);
                flavours.put(saleId, flavour);
                if (n % 5 == 0) {
                    // refunded through the other instance: each loads sales the other wrote
                    assertThat((throughOld ? viaUpgraded : viaOld).tryRefund(saleId).ok())
                            .as("refund of " + saleId).isTrue();
                    refunded.add(saleId);
                }
            }

            System.out.println("rolling-upgrade audit: " + data.awaitCleanAudit(Duration.ofSeconds(120)));
            Map<String, Integer> cards = data.cardsBySale();
            assertThat(cards.keySet()).as("sales with a card").containsAll(sales);
            assertThat(sales.stream().map(cards::get)).as("cards per sale").containsOnly(1);
            for (String saleId : sales) {
                var card = viaUpgraded.card(saleId).orElseThrow();
                assertThat(card.path("flavour").asText()).as("flavour on the card of " + saleId)
                        .isEqualTo(flavours.get(saleId));
                assertThat(card.path("refunded").asBoolean()).as("refunded " + saleId)
                        .isEqualTo(refunded.contains(saleId));
            }

            Map<String, List<ConsumerRecord<String, byte[]>>> topic = TopicReader.byKey(TopicReader.readAll(
                    stack.infrastructure().kafka().bootstrapServers(), stack.wiring().topic()));
            Set<String> soldRevisions = sales.stream().flatMap(saleId -> topic.get(saleId).stream())
                    .filter(record -> SaleRecords.LEMONADE_SOLD.equals(TopicReader.header(record, SaleRecords.TYPE)))
                    .map(record -> TopicReader.header(record, SaleRecords.REVISION)).collect(Collectors.toSet());
            System.out.println("LemonadeSold revisions on the topic: " + soldRevisions + "; records per revision: "
                    + sales.stream().flatMap(saleId -> topic.get(saleId).stream())
                    .filter(record -> SaleRecords.LEMONADE_SOLD.equals(TopicReader.header(record, SaleRecords.TYPE)))
                    .collect(Collectors.groupingBy(record -> TopicReader.header(record, SaleRecords.REVISION),
                            Collectors.counting())));
            assertThat(soldRevisions).as("both revisions reached the consumer").containsExactlyInAnyOrder("1", "2");
        }
    }
}
