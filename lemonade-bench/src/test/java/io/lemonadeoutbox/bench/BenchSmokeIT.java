package io.lemonadeoutbox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the benchmark working: its smoke mode, run as a user runs it ({@code java -jar}), on real servers and both real
 * services, must finish, report every phase next to its limits, end with a clean audit, and draw a page that
 * headless Chromium renders. It asserts no speed.
 */
class BenchSmokeIT {

    private static final String LABEL = "smoke-it";
    private static final Path ROOT = Path.of(System.getProperty("lemonade.home", "..")).toAbsolutePath().normalize();
    private static final Path OUTPUT = ROOT.resolve("lemonade-bench/target/bench");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private static int exitCode;
    private static JsonNode report;

    @BeforeAll
    static void runTheSmokeBenchmark() throws Exception {
        Path log = OUTPUT.resolve("bench-" + LABEL + ".out");
        Files.createDirectories(OUTPUT);
        Process bench = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dbench.smoke=true", "-Dbench.label=" + LABEL, "-jar", "lemonade-bench/target/lemonade-bench.jar")
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!bench.waitFor(10, TimeUnit.MINUTES)) {
            bench.descendants().forEach(ProcessHandle::destroyForcibly);
            bench.destroyForcibly();
            throw new AssertionError("the smoke benchmark did not finish in 10 minutes (a hang guard, not a speed); see " + log);
        }
        exitCode = bench.exitValue();
        report = new ObjectMapper().readTree(OUTPUT.resolve("bench-" + LABEL + ".json").toFile());
    }

    @Test
    void itReportsEveryPhaseNextToItsLimitsAndEndsWithACleanAudit() {
        assertThat(exitCode).as("exit code of the smoke benchmark").isZero();
        Map<String, Double> rows = StreamSupport.stream(report.path("rows").spliterator(), false)
                .collect(Collectors.toMap(row -> row.path("figure").asText(), row -> row.path("value").asDouble(),
                        (first, second) -> first));
        assertThat(rows.get("raw JDBC appends/s, 16 clients")).isPositive();
        assertThat(rows.get("raw Kafka sends/s, pipelined")).isPositive();
        assertThat(rows.get("accepted sales/s, 16 clients")).isPositive();
        assertThat(rows.get("drain: published events/s")).isPositive();
        assertThat(rows.get("drain: cards/s")).isPositive();
        JsonNode audit = report.path("facts").path("audit");
        assertThat(audit.path("sales").asLong()).isPositive().isEqualTo(audit.path("cards").asLong());
        for (String count : List.of("missing", "duplicate", "orphan", "deadLetters")) {
            assertThat(audit.path(count).asLong()).as(count).isZero();
        }
    }

    @Test
    void itsPageRendersInHeadlessChromium() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "Debian's chromium is not installed (apt-get install -y chromium): the page is not rendered");
        Path page = OUTPUT.resolve("bench-" + LABEL + ".html");
        Path screenshot = OUTPUT.resolve("bench-" + LABEL + ".png");
        Files.deleteIfExists(screenshot);

        String dom = chromium("--dump-dom", page.toUri().toString());
        assertThat(dom.split("<svg", -1)).as("charts on the page").hasSizeGreaterThanOrEqualTo(3);
        assertThat(dom).contains("<polyline");
        chromium("--screenshot=" + screenshot, "--window-size=1200,1600", page.toUri().toString());
        assertThat(Files.size(screenshot)).as("a drawn screenshot, not a blank one").isGreaterThan(20_000);
    }

    private static String chromium(String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--hide-scrollbars"));
        command.addAll(List.of(arguments));
        Process browser = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(browser.getInputStream().readAllBytes());
        assertThat(browser.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        return out;
    }
}
