package io.lemonadeoutbox.stack.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The checker can see a loss: the same short campaign with one safety mechanism switched off (a test-only switch
 * the services honour only with the negative-control permit, which the campaign passes in this mode) must fail, on
 * the check that mechanism protects. The topic loss and its republish from 0 re-deliver every event, so an inbox that
 * takes every event id as new meets its duplicates in every campaign.
 */
class CampaignNegativeControlIT {

    @Test
    void anInboxThatAcceptsDuplicatesIsReported() throws Exception {
        CampaignRun run = CampaignRun.of("negative-control-inbox", "--seconds", "60", "--seed", CampaignIT.SEED,
                "--unsafe", "thankyou.unsafe.inbox-accepts-duplicates");

        assertThat(run.report()).contains("fault campaign: FAILED")
                .containsPattern("\\[FAIL\\] (dead letters are exactly the poison records"
                        + "|every committed sale has exactly one card)");
        assertThat(run.exitCode()).as(run.report()).isEqualTo(1);
    }
}
