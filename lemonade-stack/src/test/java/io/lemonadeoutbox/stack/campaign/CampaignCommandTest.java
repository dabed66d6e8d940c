package io.lemonadeoutbox.stack.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The campaign's command line: what each option sets, and the rerun command the report prints. */
class CampaignCommandTest {

    @Test
    void minutesSeedAndUnsafeSwitchesBecomeTheSettingsAndTheRerunCommandRepeatsThem() {
        CampaignSettings settings = parse("--minutes", "10", "--seed", "42",
                "--unsafe", "thankyou.unsafe.inbox-accepts-duplicates");

        assertThat(settings.duration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.seed()).isEqualTo(42);
        assertThat(settings.negativeControl()).isTrue();
        assertThat(settings.switchArgs("thankyou")).containsExactly("--thankyou.unsafe.inbox-accepts-duplicates=true");
        assertThat(settings.switchArgs("lemonade")).isEmpty();
        assertThat(settings.reportDirectory().toString()).endsWith("campaign/seed-42-negative-control");
        assertThat(settings.rerunCommand()).isEqualTo("java -jar lemonade-stack/target/lemonade-stack.jar campaign"
                + " --minutes 10 --seed 42 --unsafe thankyou.unsafe.inbox-accepts-duplicates");
    }

    @Test
    void secondsAreRepeatedAsSecondsAndTheDefaultIsTenMinutesWithoutSwitches() {
        assertThat(parse("--seconds", "100", "--seed", "11").rerunCommand())
                .endsWith("campaign --seconds 100 --seed 11");
        CampaignSettings defaults = parse();
        assertThat(defaults.duration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(defaults.negativeControl()).isFalse();
        assertThat(defaults.unsafeSwitches()).isEmpty();
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> parse("--minutes", "1", "--seconds", "60"))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> parse("--seconds", "5")).hasMessageContaining("at least 20 seconds");
        assertThatThrownBy(() -> parse("--unsafe", "spring.datasource.url"))
                .hasMessageContaining("lemonade.unsafe.<name> or thankyou.unsafe.<name>");
        assertThat(new CommandLine(new CampaignCommand()).execute("--no-such-option")).isEqualTo(2);
        assertThat(new CommandLine(new CampaignCommand()).execute("--seconds", "5")).isEqualTo(2);
    }

    private static CampaignSettings parse(String... args) {
        CampaignCommand command = new CampaignCommand();
        new CommandLine(command).parseArgs(args);
        return command.settings();
    }
}
