package io.lemonadeoutbox.stack;

import io.lemonadeoutbox.testkit.services.ProjectLayout;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reset}: deletes the local stack's data, after asking, and never under a running stack. */
@Command(name = "reset", mixinStandardHelpOptions = true,
        description = {"Deletes the local stack's data folder (.local-stack/: the event store, the cards, Kafka's"
                + " topics and the logs), so the next run starts empty. Asks first; refuses while a stack runs on it."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"  0:deleted, or there was nothing to delete",
                "  1:not deleted: the answer was not yes",
                "  2:bad arguments",
                "  3:not deleted: a stack (or its PostgreSQL) still runs on the folder"})
public final class ResetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-y", "--yes"}, description = "do not ask")
    boolean yes;

    @Option(names = "--data-dir", paramLabel = "FOLDER", defaultValue = "${sys:lemonade.data-dir}",
            description = "the data folder to delete (default: .local-stack/ in the project)")
    Path dataDirectory;

    private final BufferedReader answers;

    ResetCommand() {
        this(new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset())));
    }

    ResetCommand(BufferedReader answers) {
        this.answers = answers;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        StackFolder data = new StackFolder(dataDirectory == null ? ProjectLayout.detect().localStackData()
                : dataDirectory.toAbsolutePath().normalize());
        if (!data.exists()) {
            out.println("nothing to delete: " + data.folder() + " does not exist");
            return 0;
        }
        Optional<String> user = data.inUseBy();
        if (user.isPresent()) {
            spec.commandLine().getErr().println("not deleted: " + user.get());
            return 3;
        }
        if (!yes) {
            out.print("Delete " + data.folder() + " (the event store, the cards, Kafka's topics, the logs)? [y/N] ");
            out.flush();
            String answer = answers.readLine();
            if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).matches("y|yes")) {
                out.println("not deleted");
                return 1;
            }
        }
        data.delete();
        out.println("deleted " + data.folder());
        return 0;
    }
}
