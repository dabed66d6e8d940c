package io.lemonadeoutbox.stack.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AuditCommandTest {

    @Test
    void defaultsToTheLocalStack() {
        assertThat(sources()).isEqualTo(AuditSources.LOCAL_STACK);
    }

    @Test
    void readsEveryOption() {
        AuditSources sources = sources("--lemonade-jdbc=jdbc:postgresql://db:5432/l",
                "--thankyou-jdbc=jdbc:postgresql://db:5432/t", "--user=auditor", "--password=secret");

        assertThat(sources).isEqualTo(new AuditSources("jdbc:postgresql://db:5432/l", "jdbc:postgresql://db:5432/t",
                "auditor", "secret"));
    }

    @Test
    void badArgumentsExitTwoWithTheUsage() {
        assertThat(exitCode("--lemonade-jdbc=mysql://nope")).isEqualTo(2);
        assertThat(exitCode("--colour=blue")).isEqualTo(2);
        assertThat(exitCode("lemonade")).isEqualTo(2);
        assertThat(exitCode("--user=")).isEqualTo(2);
    }

    @Test
    void helpPrintsTheUsageAndExitsZero() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Audit.runCommand(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream()));

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage:").contains("--thankyou-jdbc=")
                .contains("3   the databases could not be read");
    }

    private static AuditSources sources(String... args) {
        return CommandLine.populateCommand(new AuditCommand(), args).sources();
    }

    private static int exitCode(String arg) {
        return Audit.runCommand(new String[] {arg}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()));
    }
}
