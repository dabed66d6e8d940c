package io.lemonadeoutbox.stack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The jar's command line: the subcommands, run as the default, help and exit codes for each. */
class LemonadeStackCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void runIsTheDefaultSoTheOldOptionsStillWork() {
        assertThat(LemonadeStackCommand.withDefaultCommand(new String[0])).containsExactly("run");
        assertThat(LemonadeStackCommand.withDefaultCommand(new String[] {"--postgres-port=6433"}))
                .containsExactly("run", "--postgres-port=6433");
        assertThat(LemonadeStackCommand.withDefaultCommand(new String[] {"audit", "--user=a"}))
                .containsExactly("audit", "--user=a");
        assertThat(LemonadeStackCommand.withDefaultCommand(new String[] {"--help"})).containsExactly("--help");
    }

    @Test
    void helpNamesEveryCommand() {
        assertThat(execute("--help")).isZero();

        assertThat(out.toString()).contains("run").contains("audit").contains("reset").contains("campaign");
    }

    @Test
    void everyCommandHasHelpWithItsExitCodes() {
        assertThat(execute("run", "--help")).isZero();
        assertThat(out.toString()).contains("--postgres-port=PORT").contains("--data-dir=FOLDER")
                .contains("Exit codes:").contains("a port in use");

        assertThat(execute("audit", "--help")).isZero();
        assertThat(out.toString()).contains("--lemonade-jdbc=URL").contains("3   the databases could not be read");

        assertThat(execute("reset", "--help")).isZero();
        assertThat(out.toString()).contains("--yes").contains("3   not deleted: a stack");

        assertThat(execute("campaign", "--help")).isZero();
        assertThat(out.toString()).contains("--seed").contains("--minutes");
    }

    @Test
    void anUnknownCommandOrOptionIsAUsageError() {
        assertThat(execute("start")).isEqualTo(2);
        assertThat(err.toString()).contains("start");
        assertThat(execute("--kafka-port=lots")).isEqualTo(2);
        assertThat(execute("reset", "--colour=blue")).isEqualTo(2);
    }

    private int execute(String... args) {
        CommandLine commandLine = LemonadeStackCommand.commandLine()
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        return commandLine.execute(LemonadeStackCommand.withDefaultCommand(args));
    }
}
