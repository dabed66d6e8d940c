package io.lemonadeoutbox.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the local stack's console and log files get from a service's output (lines as Spring Boot prints them). */
class ServiceLogTest {

    static final String INFO = "2026-12-01T10:36:29.071Z  INFO 10635 --- [lemonade-app] [           main] "
            + "[                                                 ] o.a.k.clients.producer.ProducerConfig    : "
            + "ProducerConfig values: ";
    static final String CONFIG_DUMP = "\tacks = -1";
    static final String WARN = "2026-12-01T10:37:23.201Z  WARN 10635 --- [lemonade-app] [           main] "
            + "[                                                 ] o.a.e.k.e.producer.KafkaPublisher        : "
            + "The default XStreamSerializer is used";
    static final String ERROR = "2026-12-01T10:38:00.000Z ERROR 10635 --- [lemonade-app] [ publisher-0] "
            + "[69a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5,1a2b3c4d5e6f7a8b] o.a.e.TrackingEventProcessor : "
            + "Error occurred. Starting retry mode.";
    static final String INFO_ODD_THREAD = "2026-12-01T11:59:36.406Z  INFO 21195 --- [lemonade-app] [ishing-group]-0] "
            + "[                                                 ] o.a.e.TrackingEventProcessor             : "
            + "Worker assigned to segment Segment[0/0] for processing";
    static final String STACK_TRACE = "\tat org.axonframework.eventhandling.TrackingEventProcessor.run(X.java:1)";

    @TempDir
    Path folder;

    private final List<String> console = new ArrayList<>();

    @Test
    void everyLineGoesToTheFileAndOnlyWarningsAndErrorsWithTheirStackTracesToTheConsole() throws IOException {
        Path file = folder.resolve("logs/lemonade-app.log");
        try (ServiceLog log = new ServiceLog("lemonade-app", file, console::add)) {
            log.showOnConsole();
            for (String line : List.of(INFO, CONFIG_DUMP, WARN, INFO_ODD_THREAD, ERROR, STACK_TRACE, INFO,
                    CONFIG_DUMP)) {
                log.accept("[lemonade-app] " + line);
            }
            assertThat(log.warningsAndErrors()).isEqualTo(2);
        }

        assertThat(Files.readAllLines(file))
                .containsExactly(INFO, CONFIG_DUMP, WARN, INFO_ODD_THREAD, ERROR, STACK_TRACE, INFO, CONFIG_DUMP);
        assertThat(console).containsExactly(
                "[lemonade-app] 10:37:23 WARN o.a.e.k.e.producer.KafkaPublisher: The default XStreamSerializer is used",
                "[lemonade-app] 10:38:00 ERROR o.a.e.TrackingEventProcessor: Error occurred. Starting retry mode.",
                "[lemonade-app] " + STACK_TRACE);
    }

    @Test
    void aLongStackTraceShowsItsFirstLinesAndSaysWhereTheRestIs() {
        try (ServiceLog log = new ServiceLog("lemonade-app", folder.resolve("logs/lemonade-app.log"), console::add)) {
            log.showOnConsole();
            log.accept("[lemonade-app] " + ERROR);
            for (int i = 0; i < 50; i++) {
                log.accept("[lemonade-app] " + STACK_TRACE);
            }
            log.accept("[lemonade-app] " + INFO);
        }

        assertThat(console).hasSize(1 + 6 + 1);
        assertThat(console.get(7)).isEqualTo("[lemonade-app]     ... 44 more lines in lemonade-app.log");
    }

    @Test
    void warningsDuringStartUpWaitUntilTheBannerIsOut() {
        try (ServiceLog log = new ServiceLog("thankyou-service", folder.resolve("t.log"), console::add)) {
            log.accept("[thankyou-service] " + WARN);
            assertThat(console).isEmpty();

            log.showOnConsole();
            log.accept("[thankyou-service] " + ERROR);
        }

        assertThat(console).hasSize(2).allMatch(line -> line.startsWith("[thankyou-service] "));
        assertThat(console.get(0)).contains("WARN");
        assertThat(console.get(1)).contains("ERROR");
    }

    @Test
    void aLineInAnotherFormatIsNeverMistakenForAWarning() {
        try (ServiceLog log = new ServiceLog("lemonade-app", folder.resolve("a.log"), console::add)) {
            log.showOnConsole();
            log.accept("[lemonade-app]   .   ____          _            __ _ _");
            log.accept("[lemonade-app] a message that mentions WARN and ERROR in passing");
        }

        assertThat(console).isEmpty();
    }
}
