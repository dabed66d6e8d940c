package io.lemonadeoutbox.stack.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The checker can see a loss: the same short campaign with one safety mechanism switched off (a test-only switch the
 * services honour only with the negative-control permit, which the campaign passes in this mode) must fail, on the
 * check that mechanism protects. Every schedule holds every fault kind, so each mechanism's fault happens: the topic
 * loss and its republish re-deliver every event it held (inbox), the first broker restart outlasts the producer's
 * delivery timeout while sales flow (acks), the held transaction is overtaken by more than 10,000 indexes (gap rules),
 * thankyou-service's database connections are ended again and again while sales keep coming (outage retry). The
 * republish sends only what the lost topic held (up to the head once it was gone), so it cannot repair a later loss
 * of the publisher's unseen. Run one: {@code -Dit.test='CampaignNegativeControlIT#anInboxThatAcceptsDuplicatesIsReported'}.
 * {@code ./mvnw verify} runs the inbox's; the others (a campaign of minutes each) are tagged {@value #MORE}, which
 * lemonade-stack's pom leaves out unless {@code -Dit.excludedTags=} empties the list.
 */
class CampaignNegativeControlIT {

    static final String MORE = "more-negative-controls";
    private static final String SECONDS = "60";

    @Test
    void anInboxThatAcceptsDuplicatesIsReported() throws Exception {
        CampaignRun run = negativeControl("inbox", "thankyou.unsafe.inbox-accepts-duplicates");

        assertThat(run.report()).contains("[FAIL] no re-delivery of an applied event was taken as new");
    }

    @Test
    @Tag(MORE)
    void aPublisherThatDoesNotWaitForKafkasAcksIsReported() throws Exception {
        CampaignRun run = negativeControl("ack-wait", "lemonade.unsafe.skip-ack-wait");

        assertThat(run.report()).contains("[FAIL] every committed sale has exactly one card");
    }

    @Test
    @Tag(MORE)
    void axonsDefaultGapRulesAreReported() throws Exception {
        CampaignRun run = negativeControl("gap-rules", "lemonade.unsafe.axon-default-gap-rules");

        assertThat(run.report()).containsPattern("\\[FAIL\\] every committed sale has exactly one card[^\\n]*\\n"
                + "\\s+held-");
    }

    @Test
    @Tag(MORE)
    void aConsumerThatDeadLettersDuringAnOutageIsReported() throws Exception {
        CampaignRun run = negativeControl("outage-retry", "thankyou.unsafe.no-outage-retry");

        assertThat(run.report()).contains("[FAIL] dead letters are exactly the poison records");
    }

    private static CampaignRun negativeControl(String name, String unsafeSwitch) throws Exception {
        CampaignRun run = CampaignRun.of("negative-control-" + name, "--seconds", SECONDS, "--seed", CampaignIT.SEED,
                "--unsafe", unsafeSwitch);
        assertThat(run.report()).contains("fault campaign: FAILED").contains("unsafe switches: " + unsafeSwitch);
        assertThat(run.exitCode()).as(run.report()).isEqualTo(1);
        return run;
    }
}
