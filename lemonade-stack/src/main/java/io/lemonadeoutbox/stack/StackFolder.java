package io.lemonadeoutbox.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The local stack's data folder ({@code .local-stack/}): PostgreSQL's and Kafka's data, the logs, and a pid file
 * while a stack runs on it, so that {@code reset} can refuse to delete the data under a running stack.
 */
record StackFolder(Path folder) {

    static final String PID_FILE = "local-stack.pid";

    Path logs() {
        return folder.resolve("logs");
    }

    Path logOf(String name) {
        return logs().resolve(name + ".log");
    }

    /** Who still uses this folder: a running local stack, or a PostgreSQL server an earlier, killed one left behind. */
    Optional<String> inUseBy() {
        Optional<String> stack = livePid(folder.resolve(PID_FILE))
                .map(pid -> "a local stack (pid " + pid + ") runs on " + folder + "; stop it with Ctrl-C or: kill " + pid);
        if (stack.isPresent()) {
            return stack;
        }
        return livePid(folder.resolve("postgres").resolve("postmaster.pid"))
                .map(pid -> "PostgreSQL (pid " + pid + ") still serves " + folder.resolve("postgres")
                        + "; `run` stops it and starts again, or stop it with: kill " + pid);
    }

    /** Marks the folder as used by this JVM until {@link #release()}. */
    void claim() {
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(PID_FILE), ProcessHandle.current().pid() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + folder.resolve(PID_FILE), e);
        }
    }

    void release() {
        try {
            Files.deleteIfExists(folder.resolve(PID_FILE));
        } catch (IOException e) {
            // the next start overwrites it, and a pid that is not alive counts as no stack
        }
    }

    boolean exists() {
        return Files.exists(folder);
    }

    void delete() {
        if (!exists()) {
            return;
        }
        try (Stream<Path> all = Files.walk(folder)) {
            List<Path> deepestFirst = all.sorted(Comparator.reverseOrder()).toList();
            for (Path path : deepestFirst) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + folder, e);
        }
    }

    private static Optional<Long> livePid(Path pidFile) {
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                    .filter(alive -> alive != ProcessHandle.current().pid());
        } catch (IOException | NumberFormatException unreadable) {
            return Optional.empty();
        }
    }
}
