package io.lemonadeoutbox.stack.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A short campaign against lemonade-peer (Spring Modulith's outbox, issue 15) runs end to end as a user runs it: two
 * lemonade-peer and two thankyou-service instances start from the peer's jar, the checker reads the peer's registry,
 * every check is judged and reported, the report names the stand, says which fault is not applicable there, and
 * repeats {@code --stand} in its rerun command. It asserts that the campaign ran and judged, not that the peer passed:
 * what the peer gets is a measurement (GUARANTEES.md, lemonade-peer/README.md). Tagged {@code peer-campaign}, left
 * out of {@code ./mvnw verify} (CI time); it needs {@code ./mvnw -Pbench package} for the peer's jar.
 */
@Tag("peer-campaign")
class PeerCampaignIT {

    @Test
    void aShortCampaignAgainstThePeerRunsEndToEndAndIsJudgedByTheSameChecker() throws Exception {
        // no kill: a kill's slow restart on a loaded machine holds the app's lock, and the held transaction, which
        // takes every app's lock, was then skipped
        CampaignRun run = CampaignRun.of("peer-seed-11", "--seconds", "50", "--seed", "11", "--stand", "modulith",
                "--faults", "poison,held-transaction,topic-loss");

        assertThat(run.report()).as(run.report()).contains("fault campaign: ")
                .contains("stand modulith: 2 lemonade-peer instances")
                .contains("rerun: java -jar lemonade-stack/target/lemonade-stack.jar campaign --seconds 50 --seed 11"
                        + " --stand modulith --faults held-transaction,topic-loss,poison")
                .contains("republish from 0 not applicable to this stand: Spring Modulith 1.4 offers no republish")
                .contains("every sale answered 201/200 is in the event publication registry, once")
                .contains("card findings by the faults active when the sale was sold");
        assertThat(run.report().lines().filter(line -> line.matches(".* s  #\\d+ held-transaction\\b.*")))
                .as("the peer's held sale insert happened and was answered")
                .anyMatch(line -> line.contains("sale insert waited behind an uncommitted row")
                        && line.contains("answered 201"));
        assertThat(checkedCount(run.report(), "every sale answered 201/200 is in the event publication registry"))
                .as("the registry was read: accepted sales were checked").isPositive();
        assertThat(run.report()).as("every committed sale is found in the registry: its JSON was read right")
                .containsPattern("\\[ ok \\] every sale answered 201/200 is in the event publication registry");
        assertThat(run.exitCode()).as("0 every check held, 1 one failed; 2 or 3: the campaign did not run")
                .isBetween(0, 1);
    }

    private static long checkedCount(String report, String rule) {
        return report.lines().filter(line -> line.contains(rule)).findFirst()
                .map(line -> Long.parseLong(line.replaceAll(".*checked +(\\d+),.*", "$1"))).orElse(-1L);
    }
}
