package io.lemonadeoutbox.stack;

import io.lemonadeoutbox.testkit.services.ServiceProcess;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where one service's output goes in the local stack: every line to {@code logs/<name>.log}, and its WARN and ERROR
 * lines (with the stack trace that follows them) to the console, shortened and with the service's name in front.
 * Until {@link #showOnConsole()} the console lines are held back, so start-up progress is not buried in them.
 */
final class ServiceLog implements Consumer<String>, AutoCloseable {

    /** Spring Boot's console format: {@code 2026-12-01T10:36:29.071Z  WARN 10635 --- [app] [main] [trace] logger : text}. */
    private static final Pattern SPRING_BOOT_LINE = Pattern.compile(
            "^\\d{4}-\\d\\d-\\d\\dT(\\d\\d:\\d\\d:\\d\\d)\\S*\\s+(TRACE|DEBUG|INFO|WARN|ERROR)\\s+\\d+\\s+---\\s+"
                    // the bracketed columns may hold a ']' themselves (a thread name cut to 15 characters)
                    + ".*?\\]\\s+(\\S+)\\s+:\\s?(.*)$");

    private final String name;
    private final String prefix;
    private final String fileName;
    private final BufferedWriter file;
    private final Consumer<String> console;
    private static final int HELD_BACK_AT_MOST = 200;
    /** A stack trace on the console: its first lines say what happened; the whole of it is in the file. */
    private static final int CONTINUATION_LINES_SHOWN = 6;

    private final List<String> heldBack = new ArrayList<>();
    private int notHeld;
    private boolean showing;
    private int continuationLines;
    private boolean onConsole;
    private int warnings;

    ServiceLog(String name, Path logFile, Consumer<String> console) {
        this.name = name;
        this.prefix = "[" + name + "] ";
        this.fileName = logFile.getFileName().toString();
        this.console = console;
        try {
            Files.createDirectories(logFile.getParent());
            this.file = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + logFile, e);
        }
    }

    /** Takes a line as {@link ServiceProcess} hands it over: {@code [name] text}. */
    @Override
    public synchronized void accept(String prefixedLine) {
        String line = prefixedLine.startsWith(prefix) ? prefixedLine.substring(prefix.length()) : prefixedLine;
        write(line);
        boolean header = SPRING_BOOT_LINE.matcher(line).matches();
        if (header && showing && continuationLines > CONTINUATION_LINES_SHOWN) {
            show(prefix + "    ... " + (continuationLines - CONTINUATION_LINES_SHOWN) + " more lines in " + fileName);
        }
        consoleLine(line).ifPresent(this::show);
    }

    private void show(String shown) {
        if (onConsole) {
            console.accept(shown);
        } else if (heldBack.size() < HELD_BACK_AT_MOST) {
            heldBack.add(shown);
        } else {
            notHeld++;
        }
    }

    /** From now on WARN and ERROR lines go straight to the console, after those held back during start-up. */
    synchronized void showOnConsole() {
        onConsole = true;
        heldBack.forEach(console);
        if (notHeld > 0) {
            console.accept(prefix + "... and " + notHeld + " more such lines during start-up, in its log file");
        }
        heldBack.clear();
    }

    synchronized int warningsAndErrors() {
        return warnings;
    }

    String name() {
        return name;
    }

    /** The console's version of a line, if it shows one: WARN and ERROR lines and the lines that continue them. */
    Optional<String> consoleLine(String line) {
        Matcher header = SPRING_BOOT_LINE.matcher(line);
        if (header.matches()) {
            String level = header.group(2);
            showing = level.equals("WARN") || level.equals("ERROR");
            if (!showing) {
                return Optional.empty();
            }
            warnings++;
            continuationLines = 0;
            return Optional.of(prefix + header.group(1) + " " + level + " " + header.group(3) + ": "
                    + header.group(4));
        }
        if (!showing) {
            return Optional.empty();
        }
        continuationLines++;
        return continuationLines <= CONTINUATION_LINES_SHOWN ? Optional.of(prefix + line) : Optional.empty();
    }

    private void write(String line) {
        try {
            file.write(line);
            file.newLine();
            file.flush();
        } catch (IOException e) {
            // a full disk must not stop the service's output pump; the console still has what matters
        }
    }

    @Override
    public synchronized void close() {
        try {
            file.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
