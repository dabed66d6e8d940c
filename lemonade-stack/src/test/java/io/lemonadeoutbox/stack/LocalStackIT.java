package io.lemonadeoutbox.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lemonadeoutbox.infra.FreePorts;
import io.lemonadeoutbox.testkit.services.Operator;
import io.lemonadeoutbox.testkit.services.ProjectLayout;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command as a user types it: {@code java -jar lemonade-stack/target/lemonade-stack.jar} (no
 * subcommand, on free ports and its own data folder). A sale posted to lemonade-app becomes a card on
 * thankyou-service; the console holds the start-up progress, the banner and the services' warnings only; every log
 * is in the data folder's {@code logs/}; {@code audit} and {@code reset} work through the same jar; SIGTERM stops
 * everything.
 */
@TestMethodOrder(OrderAnnotation.class)
class LocalStackIT {

    static final Duration STARTUP = Duration.ofMinutes(5);

    @TempDir
    static Path data;

    static Process launcher;
    static Thread pump;
    static final List<String> console = new CopyOnWriteArrayList<>();
    static int postgresPort;
    static int appPort;
    static int thankyouPort;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void startTheLauncherAsAUserWould() throws IOException {
        postgresPort = FreePorts.pick();
        appPort = FreePorts.pick();
        thankyouPort = FreePorts.pick();
        launcher = launcherJvm("--postgres-port=" + postgresPort, "--kafka-port=" + FreePorts.pick(),
                "--lemonade-app-port=" + appPort, "--thankyou-service-port=" + thankyouPort,
                "--data-dir=" + data).start();
        pump = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(line -> {
                    console.add(line);
                    System.out.println("console| " + line);
                });
            } catch (IOException closed) {
                // the launcher exited
            }
        }, "launcher-console");
        pump.setDaemon(true);
        pump.start();
        await("the banner").atMost(STARTUP).pollInterval(Duration.ofMillis(500))
                .failFast("the launcher exited", () -> !launcher.isAlive())
                .until(() -> console.stream().anyMatch(line -> line.contains("Ctrl-C stops everything")));
    }

    @AfterAll
    static void stopTheLauncher() throws InterruptedException {
        if (launcher != null && launcher.isAlive()) {
            launcher.toHandle().destroy();
            if (!launcher.waitFor(90, TimeUnit.SECONDS)) {
                launcher.descendants().forEach(ProcessHandle::destroyForcibly);
                launcher.destroyForcibly();
            }
        }
    }

    @Test
    @Order(1)
    void theConsoleShowsProgressThenTheBannerWithThePageFirstThenOnlyTheServicesWarnings() throws IOException {
        List<String> shown = List.copyOf(console);
        int banner = indexOf(shown, "lemonade-outbox is up");

        assertThat(shown.subList(0, banner)).as("before the banner: the launcher's own progress only")
                .allMatch(line -> line.startsWith("[local-stack] ") || line.startsWith("=====") || line.isBlank());
        assertThat(shown.get(banner)).contains("Open the pipeline page:  http://localhost:" + appPort + "/");
        String bannerText = String.join("\n", shown.subList(banner, indexOf(shown, "Ctrl-C stops everything") + 1));
        assertThat(bannerText.indexOf("http://")).as("the page is the first address")
                .isEqualTo(bannerText.indexOf("http://localhost:" + appPort + "/"));
        assertThat(bannerText).contains("/api/sales", "/api/cards", "/swagger-ui.html", "psql -h localhost -p "
                + postgresPort, "Operator    operator / ", "java -jar lemonade-stack/target/lemonade-stack.jar audit");

        assertThat(shown).as("no INFO line, from Kafka, PostgreSQL or a service, reaches the console")
                .noneMatch(line -> line.matches(".*\\bINFO\\b.*"))
                .noneMatch(line -> line.contains("ProducerConfig values"));
        assertThat(shown.stream().filter(line -> !line.startsWith("[lemonade-app] ")
                && !line.startsWith("[thankyou-service] ")))
                .as("the broker in the launcher JVM logs to kafka.log (a service's Kafka client may warn, prefixed)")
                .noneMatch(line -> line.contains("org.apache.kafka") || line.startsWith("[kafka]"));
        assertThat(shown.stream().filter(line -> !line.contains("waiting for health")).count())
                .as("a screen, not hundreds of lines").isLessThan(90);

        // Spring (SpringDoc, Axon) warns at every start today; the console shows such lines once the banner is out
        List<String> afterBanner = shown.subList(banner, shown.size());
        assertThat(afterBanner).anyMatch(line -> line.matches("\\[(lemonade-app|thankyou-service)] \\d\\d:\\d\\d:\\d\\d WARN \\S+: .+"));

        Path appLog = data.resolve("logs/lemonade-app.log");
        assertThat(Files.readAllLines(appLog)).as("the service's whole output is in its file")
                .anyMatch(line -> line.contains(" INFO ") && line.contains("Started LemonadeApplication"));
        assertThat(data.resolve("logs/thankyou-service.log")).isNotEmptyFile();
        assertThat(Files.readString(data.resolve("logs/kafka.log"))).as("the embedded broker's log")
                .contains("INFO").contains("kafka");
        assertThat(data.resolve("logs/postgres.log")).isNotEmptyFile();
    }

    @Test
    @Order(2)
    void aSaleOnLemonadeAppBecomesAThankYouCardOnThankyouService() throws Exception {
        String saleId = "e2e-" + UUID.randomUUID();

        Instant posted = Instant.now();
        HttpResponse<String> sold = post("http://localhost:" + appPort + "/api/sales", """
                {"saleId": "%s", "customerName": "Ada Lovelace", "customerEmail": "ada@example.com", "cups": 2}
                """.formatted(saleId));

        assertThat(sold.statusCode()).as(sold.body()).isEqualTo(201);
        assertThat(sold.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/api/sales/" + saleId));

        HttpResponse<String> found = await("the thank-you card for " + saleId)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> get("http://localhost:" + thankyouPort + "/api/cards/" + saleId),
                        response -> response.statusCode() == 200);

        System.out.println("card for " + saleId + " visible " + Duration.between(posted, Instant.now()).toMillis()
                + " ms after the POST");

        JsonNode card = json.readTree(found.body());
        assertThat(card.path("saleId").asText()).isEqualTo(saleId);
        assertThat(card.path("customerName").asText()).isEqualTo("Ada Lovelace");
        assertThat(card.path("customerEmail").asText()).isEqualTo("ada@example.com");
        assertThat(card.path("cups").asInt()).isEqualTo(2);
    }

    @Test
    @Order(3)
    void theAuditCommandOfTheJarFindsEverySaleCarded() throws Exception {
        await("a clean audit").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() ->
                runToTheEnd(launcherJvm("audit",
                        "--lemonade-jdbc=jdbc:postgresql://localhost:" + postgresPort + "/lemonade",
                        "--thankyou-jdbc=jdbc:postgresql://localhost:" + postgresPort + "/thankyou")) == 0);
    }

    @Test
    @Order(4)
    void resetRefusesWhileTheStackRuns() throws Exception {
        assertThat(runToTheEnd(launcherJvm("reset", "--yes", "--data-dir=" + data))).isEqualTo(3);
        assertThat(data.resolve("postgres")).isDirectory();
    }

    @Test
    @Order(5)
    void sigtermStopsTheServicesKafkaAndPostgresql() throws Exception {
        launcher.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its output

        assertThat(launcher.waitFor(90, TimeUnit.SECONDS)).as("the launcher stopped").isTrue();
        assertThat(launcher.exitValue()).isEqualTo(143);
        pump.join(Duration.ofSeconds(10).toMillis()); // the last lines it printed
        assertThat(console).anyMatch(line -> line.startsWith("[local-stack] stopped; data kept in " + data));
        for (int port : List.of(appPort, thankyouPort, postgresPort)) {
            try (ServerSocket free = new ServerSocket(port)) {
                assertThat(free.getLocalPort()).isEqualTo(port);
            }
        }
        assertThat(data.resolve(StackFolder.PID_FILE)).doesNotExist();
    }

    private static ProcessBuilder launcherJvm(String... args) {
        Path root = ProjectLayout.detect().root();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", root.resolve("lemonade-stack/target/lemonade-stack.jar").toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
    }

    private static int runToTheEnd(ProcessBuilder command) throws IOException, InterruptedException {
        Process process = command.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        System.out.println(String.join(" ", command.command()) + " -> " + process.exitValue() + "\n" + output);
        return process.exitValue();
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no line with '" + text + "' in\n" + String.join("\n", lines));
    }

    private HttpResponse<String> post(String url, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
