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
                + " --minutes 10 --seed 42 --stand axon --unsafe thankyou.unsafe.inbox-accepts-duplicates");
    }

    @Test
    void secondsAreRepeatedAsSecondsAndTheDefaultIsTenMinutesWithoutSwitches() {
        assertThat(parse("--seconds", "100", "--seed", "11").rerunCommand())
                .endsWith("campaign --seconds 100 --seed 11 --stand axon");
        CampaignSettings defaults = parse();
        assertThat(defaults.duration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(defaults.negativeControl()).isFalse();
        assertThat(defaults.unsafeSwitches()).isEmpty();
        assertThat(defaults.stand().name()).isEqualTo("axon");
        assertThat(defaults.faults()).containsExactlyInAnyOrder(Fault.Kind.values());
    }

    @Test
    void theStandAndTheFaultKindsAreChosenAndRepeatedInTheRerunCommand() {
        CampaignSettings peer = parse("--seconds", "100", "--seed", "11", "--stand", "modulith",
                "--faults", "kill,broker-restart");

        assertThat(peer.stand().name()).isEqualTo("modulith");
        assertThat(peer.stand().storeName()).isEqualTo("the event publication registry");
        assertThat(peer.faults()).containsExactlyInAnyOrder(Fault.Kind.KILL, Fault.Kind.BROKER_RESTART);
        assertThat(peer.rerunCommand()).endsWith("campaign --seconds 100 --seed 11 --stand modulith"
                + " --faults kill,broker-restart");
        assertThat(peer.reportDirectory().toString()).endsWith("campaign/seed-11-modulith-kill+broker-restart");
        assertThat(parse("--faults", "none").faults()).isEmpty();
        assertThat(parse("--faults", "none").rerunCommand()).endsWith(" --faults none");
    }

    @Test
    void aMissingPeerJarIsAClearErrorNamingTheBuildCommand() {
        Stand peer = Stand.named("modulith", java.nio.file.Path.of("/nonexistent/lemonade-peer.jar"));
        assertThatThrownBy(() -> peer.appJar(io.lemonadeoutbox.testkit.services.ProjectLayout.detect()))
                .hasMessageContaining("/nonexistent/lemonade-peer.jar is missing")
                .hasMessageContaining("-Pbench -pl lemonade-peer -am package -DskipTests");
        assertThat(new CommandLine(new CampaignCommand()).execute("--seconds", "20", "--stand", "modulith",
                "--peer-jar", "/nonexistent/lemonade-peer.jar")).isEqualTo(3);
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
        assertThatThrownBy(() -> parse("--stand", "kafka-streams")).hasMessageContaining("known: axon, modulith");
        assertThatThrownBy(() -> parse("--faults", "kill,meteor")).hasMessageContaining("unknown fault kind meteor")
                .hasMessageContaining("broker-restart");
        assertThatThrownBy(() -> parse("--stand", "modulith", "--unsafe", "lemonade.unsafe.skip-ack-wait"))
                .hasMessageContaining("only thankyou.unsafe.* switches apply there");
        assertThat(parse("--stand", "modulith", "--unsafe", "thankyou.unsafe.inbox-accepts-duplicates")
                .negativeControl()).isTrue();
    }

    private static CampaignSettings parse(String... args) {
        CampaignCommand command = new CampaignCommand();
        new CommandLine(command).parseArgs(args);
        return command.settings();
    }
}
