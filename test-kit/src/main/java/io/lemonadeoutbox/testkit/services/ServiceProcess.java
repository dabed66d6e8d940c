package io.lemonadeoutbox.testkit.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One Spring Boot service running as a child JVM ({@code java -jar}). Each service gets its own JVM because it owns
 * its class path, Flyway migrations and Axon configuration; sharing one JVM would mix them. Fault tests use
 * {@link #kill()} for a crash and {@link #start(List)} again for the restart.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final int KEPT_LINES = 400;
    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Path jar;
    private final int port;
    private final List<String> jvmOptions;
    private final Consumer<String> console;
    private final Deque<String> lastLines = new ArrayDeque<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** What the last health check got, for the message when the service never answers UP. */
    private volatile String lastHealthAnswer = "none yet";
    private Process process;
    private List<String> lastArgs = List.of();
    private Map<String, String> lastEnvironment = Map.of();
    private Thread outputPump;

    /**
     * @param console receives every output line, already prefixed with {@code [name]}
     */
    public ServiceProcess(String name, Path jar, int port, List<String> jvmOptions, Consumer<String> console) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.console = console;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public URI healthUri() {
        return URI.create(baseUrl() + "/actuator/health");
    }

    /** Starts {@code java [jvmOptions] -jar <jar> --server.port=<port> [args]}. */
    public synchronized void start(List<String> args) {
        start(args, Map.of());
    }

    /** As {@link #start(List)}, with variables added to the child's environment. */
    public synchronized void start(List<String> args, Map<String, String> environment) {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + ": " + jar + " does not exist");
        }
        lastArgs = List.copyOf(args);
        lastEnvironment = Map.copyOf(environment);
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.port=" + port);
        command.addAll(args);
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
        Process started = process;
        outputPump = new Thread(() -> pump(started), name + "-output");
        outputPump.setDaemon(true);
        outputPump.start();
    }

    /** Starts it again with the arguments of the last start (after {@link #kill()} or {@link #stop()}). */
    public synchronized void restart() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        start(lastArgs, lastEnvironment);
    }

    /**
     * Waits until {@code /actuator/health} answers UP. Fails at once, with the last output lines, if the process
     * exits first.
     *
     * @param progress called about every second with the time waited so far
     */
    public void awaitHealthy(Duration timeout, Consumer<Duration> progress) {
        Process watched = currentProcess();
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        Instant nextProgress = start.plusSeconds(1);
        while (!isUp()) {
            if (!watched.isAlive()) {
                throw new ServiceFailedException(name + " exited with code " + watched.exitValue()
                        + " before it was healthy", lastLines(60));
            }
            Instant now = Instant.now();
            if (now.isAfter(deadline)) {
                throw new ServiceFailedException(name + " was not healthy at " + healthUri() + " after " + timeout
                        + "; its last answer: " + lastHealthAnswer, lastLines(60));
            }
            if (now.isAfter(nextProgress)) {
                progress.accept(Duration.between(start, now));
                nextProgress = now.plusSeconds(1);
            }
            awaitExit(watched, Duration.ofMillis(250));
        }
    }

    public void awaitHealthy(Duration timeout) {
        awaitHealthy(timeout, waited -> { });
    }

    /** Whether /actuator/health answers UP right now. */
    public boolean isUp() {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(healthUri()).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            lastHealthAnswer = response.statusCode() + " " + (body.length() <= 500 ? body : body.substring(0, 500) + "...");
            return response.statusCode() == 200 && reportsUp(body);
        } catch (IOException e) {
            lastHealthAnswer = "none (" + e + ")";
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether a health body is Spring Boot's {@code {"status":"UP", ...}}: the top-level status, not a component's. */
    static boolean reportsUp(String healthBody) {
        try {
            JsonNode health = JSON.readTree(healthBody);
            return health != null && health.path("status").asText("").equals("UP");
        } catch (IOException notJson) {
            return false;
        }
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return currentProcess().pid();
    }

    /** Graceful stop: SIGTERM (Spring closes the context: processors, Kafka clients, pool), then SIGKILL if it hangs. */
    public void stop() {
        Process running = runningProcess();
        if (running == null) {
            return;
        }
        // Through the handle: Process.destroy() would also close our end of its output pipe, losing the lines it
        // prints while shutting down.
        running.descendants().forEach(ProcessHandle::destroy);
        running.toHandle().destroy();
        if (!awaitExit(running, GRACEFUL_STOP)) {
            console.accept("[" + name + "] did not stop within " + GRACEFUL_STOP.toSeconds() + " s, killing it");
            kill();
        }
        drainOutput();
    }

    /** A crash: SIGKILL, no shutdown hooks, no flush. Returns once the process is gone. */
    public void kill() {
        Process running = runningProcess();
        if (running == null) {
            return;
        }
        running.descendants().forEach(ProcessHandle::destroyForcibly);
        running.toHandle().destroyForcibly();
        awaitExit(running, Duration.ofSeconds(30));
        drainOutput();
    }

    /** Completes when the current process exits. */
    public CompletableFuture<Process> onExit() {
        return currentProcess().onExit();
    }

    /** The exit code, or -1 while it runs or before it started. */
    public synchronized int exitCode() {
        return process == null || process.isAlive() ? -1 : process.exitValue();
    }

    /** The last lines the service printed (without the prefix), oldest first. */
    public List<String> logs() {
        return lastLines(KEPT_LINES);
    }

    public List<String> lastLines(int count) {
        synchronized (lastLines) {
            List<String> all = new ArrayList<>(lastLines);
            return List.copyOf(all.subList(Math.max(0, all.size() - count), all.size()));
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void pump(Process source) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(source.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (lastLines) {
                    if (lastLines.size() == KEPT_LINES) {
                        lastLines.removeFirst();
                    }
                    lastLines.addLast(line);
                }
                console.accept("[" + name + "] " + line);
            }
        } catch (IOException e) {
            // the stream closes when the process dies
        }
    }

    private void drainOutput() {
        Thread pump = outputPump;
        if (pump != null) {
            try {
                pump.join(Duration.ofSeconds(2).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized Process currentProcess() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return process;
    }

    private synchronized Process runningProcess() {
        return process != null && process.isAlive() ? process : null;
    }

    private static boolean awaitExit(Process process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A service that died or never became healthy, with its last output lines for the report. */
    public static final class ServiceFailedException extends RuntimeException {
        private final List<String> lastLines;

        ServiceFailedException(String message, List<String> lastLines) {
            super(message + "\n--- its last " + lastLines.size() + " lines ---\n" + String.join("\n", lastLines));
            this.lastLines = List.copyOf(lastLines);
        }

        public List<String> lastLines() {
            return lastLines;
        }
    }
}
