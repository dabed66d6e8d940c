package io.lemonadeoutbox.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code reset} deletes the data folder only when told yes, and never under a stack that still runs. */
class ResetCommandTest {

    @TempDir
    Path project;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void deletesAfterAYes() throws IOException {
        Path data = someStackData();

        assertThat(reset("y\n", "--data-dir=" + data)).isZero();

        assertThat(data).doesNotExist();
        assertThat(out.toString()).contains("Delete " + data).contains("deleted " + data);
    }

    @Test
    void keepsEverythingUnlessTheAnswerIsYes() throws IOException {
        Path data = someStackData();

        assertThat(reset("\n", "--data-dir=" + data)).isEqualTo(1);
        assertThat(reset("no\n", "--data-dir=" + data)).isEqualTo(1);
        assertThat(reset("", "--data-dir=" + data)).as("no answer at all (stdin closed)").isEqualTo(1);

        assertThat(data.resolve("postgres/PG_VERSION")).exists();
    }

    @Test
    void yesSkipsTheQuestion() throws IOException {
        Path data = someStackData();

        assertThat(reset("", "--yes", "--data-dir=" + data)).isZero();

        assertThat(data).doesNotExist();
        assertThat(out.toString()).doesNotContain("[y/N]");
    }

    @Test
    void refusesWhileAStackRunsOnTheFolder() throws Exception {
        Path data = someStackData();
        Process sleeping = new ProcessBuilder("sleep", "60").start(); // a live process stands in for the launcher
        try {
            Files.writeString(data.resolve(StackFolder.PID_FILE), sleeping.pid() + "\n");

            assertThat(reset("y\n", "--yes", "--data-dir=" + data)).isEqualTo(3);

            assertThat(err.toString()).contains("a local stack (pid " + sleeping.pid() + ")");
            assertThat(data.resolve("postgres/PG_VERSION")).exists();
        } finally {
            sleeping.destroyForcibly().waitFor();
        }

        assertThat(reset("", "--yes", "--data-dir=" + data)).as("once it has stopped").isZero();
    }

    @Test
    void nothingToDeleteIsFine() {
        assertThat(reset("", "--data-dir=" + project.resolve("never-created"))).isZero();
        assertThat(out.toString()).contains("nothing to delete");
    }

    private Path someStackData() throws IOException {
        Path data = project.resolve(".local-stack");
        Files.createDirectories(data.resolve("postgres"));
        Files.createDirectories(data.resolve("logs"));
        Files.writeString(data.resolve("postgres/PG_VERSION"), "17\n");
        Files.writeString(data.resolve("logs/lemonade-app.log"), "a line\n");
        return data;
    }

    private int reset(String answers, String... args) {
        return new CommandLine(new ResetCommand(new BufferedReader(new StringReader(answers))))
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
    }
}
