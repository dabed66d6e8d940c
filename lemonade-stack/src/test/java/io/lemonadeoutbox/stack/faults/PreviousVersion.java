package io.lemonadeoutbox.stack.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * lemonade-app as the commit before an event changed built it: the source is taken from git history
 * ({@code git archive}, so the repository's worktrees are left alone) and packaged once under
 * lemonade-stack/target/previous-version/&lt;commit&gt;, where later runs find it.
 */
final class PreviousVersion {

    private PreviousVersion() {
    }

    static Path lemonadeAppJar(Path root, String commit) throws IOException, InterruptedException {
        Path source = root.resolve("lemonade-stack/target/previous-version").resolve(commit);
        Path jar = source.resolve("lemonade-app/target/lemonade-app.jar");
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        Files.createDirectories(source);
        run(root, "sh", "-c", "git archive " + commit + " | tar -x -C '" + source + "'");
        run(source, "./mvnw", "-B", "-ntp", "-q", "package", "-DskipTests", "-pl", "lemonade-app", "-am");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("building " + commit + " left no " + jar);
        }
        return jar;
    }

    private static void run(Path directory, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).inheritIO().start();
        if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed in " + directory);
        }
    }
}
