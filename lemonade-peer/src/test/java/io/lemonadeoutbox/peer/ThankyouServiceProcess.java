package io.lemonadeoutbox.peer;

import static org.awaitility.Awaitility.await;

import io.lemonadeoutbox.infra.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real, unchanged thankyou-service jar built in this work tree, as a child JVM on the test's servers
 * (lemonade-stack's ServiceProcess does this for the stack; that module's jar is a Boot jar no test can load).
 */
public final class ThankyouServiceProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private ThankyouServiceProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    public static ThankyouServiceProcess start(String topic) throws IOException {
        String given = System.getProperty("thankyou.jar");
        Path jar = (given != null ? Path.of(given) : Path.of(System.getProperty("lemonade.home", ".."),
                "thankyou-service", "target", "thankyou-service.jar")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build with ./mvnw -Pbench -pl lemonade-peer -am verify");
        }
        int port = FreePorts.pick();
        String database = PeerServers.uniqueName("thankyou_peer");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-jar", jar.toString(),
                "--server.port=" + port,
                "--spring.datasource.url=" + PeerServers.INFRA.postgres().jdbcUrl(database),
                "--spring.datasource.username=" + PeerServers.INFRA.postgres().username(),
                "--spring.datasource.password=" + PeerServers.INFRA.postgres().password(),
                "--spring.kafka.bootstrap-servers=" + PeerServers.INFRA.kafka().bootstrapServers(),
                "--spring.kafka.consumer.group-id=" + database,
                "--thankyou.topic=" + topic,
                "--thankyou.dead-letter-topic=" + topic + ".DLT",
                "--operations.users[0].username=operator",
                "--operations.users[0].password=only-for-tests",
                "--operations.users[0].roles[0]=OPERATOR"));
        Path log = Files.createTempFile("thankyou-service-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ThankyouServiceProcess service = new ThankyouServiceProcess(process, log, port);
        try {
            await("thankyou-service healthy (log " + log + ")").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("thankyou-service exited: " + Files.readString(log));
                        }
                        HttpResponse<String> health = service.get("/actuator/health");
                        return health != null && health.statusCode() == 200;
                    });
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        return service;
    }

    /** GET on the service; {@code null} when it does not answer (not started yet, or gone). */
    public HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
