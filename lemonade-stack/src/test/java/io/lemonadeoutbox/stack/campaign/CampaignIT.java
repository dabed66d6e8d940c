package io.lemonadeoutbox.stack.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.lemonadeoutbox.stack.HeadlessChromium;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A short campaign with a fixed seed, run as the user runs it: every fault kind happens, every check holds, exit
 * code 0, and its timeline page renders in headless Chromium with both charts and every fault. {@code ./mvnw verify},
 * and so CI, runs it.
 */
class CampaignIT {

    static final String SEED = "11";
    static final String SECONDS = "100";

    @Test
    void aShortCampaignWithAFixedSeedHoldsEveryCheck(@TempDir Path profile) throws Exception {
        CampaignRun run = CampaignRun.of("seed-" + SEED, "--seconds", SECONDS, "--seed", SEED);

        assertThat(run.report()).contains("fault campaign: PASSED").doesNotContain("[FAIL]");
        for (Fault.Kind kind : Fault.Kind.values()) {
            String name = " " + kind.name().toLowerCase().replace('_', '-');
            assertThat(run.report().lines().filter(line -> line.matches(".* s  #\\d+" + name + "\\b.*")
                    && !line.contains("skipped") && !line.contains("failed:") && !line.contains("not begun")))
                    .as("a " + kind + " really happened").isNotEmpty();
        }
        assertThat(run.report()).as("the broker really refused a sale while the publisher held its refund back")
                .containsPattern("record-refusal.*'s LemonadeSold was refused and its SaleRefunded was held back");
        assertThat(run.report()).contains("rerun: java -jar lemonade-stack/target/lemonade-stack.jar campaign "
                + "--seconds " + SECONDS + " --seed " + SEED);
        assertThat(run.exitCode()).as(run.report()).isZero();

        HeadlessChromium.assumeInstalled("CampaignIT's timeline check");
        ChromeDriver browser = HeadlessChromium.start(profile);
        try {
            browser.get(run.reportDirectory().resolve(CampaignReport.TIMELINE_FILE).toUri().toString());
            assertThat(browser.findElement(By.id("verdict")).getText()).startsWith("PASSED");
            List<?> lines = browser.findElements(By.cssSelector("svg polyline"));
            assertThat(lines).as("operations, accepted and lag lines").hasSize(3);
            assertThat(browser.findElements(By.cssSelector("#faults tr")))
                    .as("a row per fault plus the header").hasSizeGreaterThan(Fault.Kind.values().length);
            assertThat(browser.findElement(By.cssSelector("svg")).getSize().getWidth()).isGreaterThan(500);
        } finally {
            browser.quit();
        }
    }
}
