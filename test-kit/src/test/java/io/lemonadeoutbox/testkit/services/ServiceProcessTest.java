package io.lemonadeoutbox.testkit.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lemonadeoutbox.testkit.services.ServiceProcess.ServiceFailedException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The child-process handling the local stack and the fault tests rely on, against a tiny fake service jar. */
class ServiceProcessTest {

    private static final Duration STARTUP = Duration.ofSeconds(30);

    @TempDir
    Path folder;

    private final Queue<String> console = new ConcurrentLinkedQueue<>();
    private Path jar;
    private ServiceProcess service;

    @BeforeEach
    void createService() throws IOException {
        jar = fakeServiceJar();
        service = new ServiceProcess("fake", jar, freePort(), List.of("-Xmx64m"), console::add);
    }

    @AfterEach
    void killService() {
        service.kill();
    }

    @Test
    void startsWithTheGivenArgumentsAndReportsHealthy() {
        service.start(List.of("--spring.kafka.bootstrap-servers=localhost:9093"));
        service.awaitHealthy(STARTUP);

        assertThat(service.isUp()).isTrue();
        await().untilAsserted(() -> assertThat(console).anyMatch(line -> line.startsWith("[fake] listening on "
                + service.port()) && line.contains("--spring.kafka.bootstrap-servers=localhost:9093")));
        assertThat(service.logs()).anyMatch(line -> line.startsWith("listening on "));
    }

    @Test
    void stopLetsTheServiceShutDownGracefully() {
        service.start(List.of());
        service.awaitHealthy(STARTUP);

        service.stop();

        assertThat(service.isAlive()).isFalse();
        assertThat(service.exitCode()).isEqualTo(143);
        assertThat(service.logs()).contains("shutdown hook ran");
        assertThat(service.isUp()).isFalse();
    }

    @Test
    void killIsACrashWithoutShutdownHooksAndRestartBringsItBack() {
        service.start(List.of("--first"));
        service.awaitHealthy(STARTUP);

        service.kill();

        assertThat(service.isAlive()).isFalse();
        assertThat(service.exitCode()).isEqualTo(137);
        assertThat(service.logs()).doesNotContain("shutdown hook ran");

        service.restart();
        service.awaitHealthy(STARTUP);
        assertThat(service.isUp()).isTrue();
        await().untilAsserted(() -> assertThat(service.logs().get(service.logs().size() - 1))
                .contains("--first"));
    }

    @Test
    void aServiceThatDiesAtStartIsReportedAtOnceWithItsLastLines() {
        service.start(List.of("--die-at-start"));
        Instant started = Instant.now();

        assertThatThrownBy(() -> service.awaitHealthy(Duration.ofMinutes(5)))
                .isInstanceOf(ServiceFailedException.class)
                .hasMessageContaining("fake exited with code 3 before it was healthy")
                .hasMessageContaining("cannot start: the database said no")
                .satisfies(failure -> assertThat(((ServiceFailedException) failure).lastLines())
                        .containsExactly("connecting to the database", "cannot start: the database said no"));
        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void aServiceThatNeverAnswersTimesOut() {
        ServiceProcess silent = new ServiceProcess("fake", jar, freePort(), List.of(), console::add);
        silent.start(List.of("--server.port=" + freePort())); // it listens elsewhere, so its health never answers
        try {
            assertThatThrownBy(() -> silent.awaitHealthy(Duration.ofSeconds(3)))
                    .isInstanceOf(ServiceFailedException.class)
                    .hasMessageContaining("was not healthy");
        } finally {
            silent.kill();
        }
    }

    @Test
    void healthIsUpOnlyWhenTheTopLevelStatusSaysSo() {
        assertThat(ServiceProcess.reportsUp("{\"status\":\"UP\"}")).isTrue();
        assertThat(ServiceProcess.reportsUp("{\"status\" : \"UP\", \"groups\": [\"liveness\"]}")).isTrue();

        assertThat(ServiceProcess.reportsUp(
                "{\"status\":\"DOWN\",\"components\":{\"db\":{\"status\":\"UP\"}}}"))
                .as("a component that is UP does not make the service UP").isFalse();
        assertThat(ServiceProcess.reportsUp("{\"status\":\"OUT_OF_SERVICE\"}")).isFalse();
        assertThat(ServiceProcess.reportsUp("{\"detail\":\"\\\"status\\\":\\\"UP\\\"\"}"))
                .as("the words in a string value").isFalse();
        assertThat(ServiceProcess.reportsUp("<html>\"status\":\"UP\"</html>")).isFalse();
        assertThat(ServiceProcess.reportsUp("")).isFalse();
        assertThat(ServiceProcess.reportsUp("[\"UP\"]")).isFalse();
    }

    /** local-infra's FreePorts does the same; the kit cannot depend on it (local-infra's tests use the kit). */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path fakeServiceJar() throws IOException {
        Path jar = folder.resolve("fake-service.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
        Path classes = Path.of(FakeService.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        String packageFolder = FakeService.class.getPackageName().replace('.', '/');
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file, manifest);
             var entries = Files.list(classes.resolve(packageFolder))) {
            for (Path classFile : entries.filter(path -> path.getFileName().toString().startsWith("FakeService"))
                    .toList()) {
                out.putNextEntry(new JarEntry(packageFolder + "/" + classFile.getFileName()));
                out.write(Files.readAllBytes(classFile));
                out.closeEntry();
            }
        }
        return jar;
    }
}
