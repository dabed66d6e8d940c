package io.lemonadeoutbox.bench;

import io.lemonadeoutbox.infra.Infrastructure;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What the benchmark drives: a set of processes that take {@code POST /api/sales} at {@link #baseUrl()}, record each
 * sale in its own database ({@link #salesDatabase()}, read through {@link #sales()}), publish it to the wiring's topic
 * and write one card per sale in {@link #cardsDatabase()}. Everything else (load, timestamps, CPU, memory, audit)
 * is the benchmark's and the same for every pipeline. A peer implementation (another framework) is one more class
 * and one more name in {@link #named}.
 */
interface PipelineUnderTest extends AutoCloseable {

    /** The servers, the wiring every pipeline must use, and where its output goes. */
    record Wiring(Infrastructure infrastructure, String topic, String deadLetterTopic, Path projectRoot,
                  Path jars, Consumer<String> log) {
    }

    /**
     * How the benchmark reads a pipeline's own tables. {@code soldAtQuery}: sale id and the moment it was recorded
     * in epoch microseconds, for the sale ids {@code like ?}; {@code soldIdsQuery}: every sold sale id (one row per
     * sold event, so a duplicate shows); {@code eventsQuery}: events written to the outbox so far (the publish lag is
     * this minus the records on the topic); {@code unacknowledgedQuery}: outbox rows not yet acknowledged by Kafka,
     * or null where the pipeline keeps no such mark per row.
     */
    record SalesSource(String soldAtQuery, String soldIdsQuery, String eventsQuery, String unacknowledgedQuery) {
    }

    /** The short name of {@code bench.pipelines} ({@code axon}, {@code modulith}). */
    String name();

    /** The database the pipeline's sales and outbox live in. */
    String salesDatabase();

    /** The database its thankyou-service writes cards, inbox and dead letters in. */
    String cardsDatabase();

    SalesSource sales();

    /** Starts the processes with extra arguments and JVM options (a variant under test) and waits until healthy. */
    void start(List<String> extraArgs, List<String> extraJvm) throws Exception;

    void stop();

    String baseUrl();

    /** Each process of the pipeline by name, as a supplier because a restart changes its pid. */
    Map<String, Supplier<Stream<ProcessHandle>>> processes();

    /** The lemonade-app jar (or the peer's): its Flyway migrations give the raw pipeline the event store's table. */
    Path eventStoreJar();

    /** The thank-you side's jar: its migrations give the raw pipeline the inbox and card tables. */
    Path cardsJar();

    @Override
    default void close() {
        stop();
    }

    static PipelineUnderTest named(String name, BenchSettings settings, Wiring wiring) throws Exception {
        return switch (name) {
            case "axon" -> new AxonPipeline(settings, wiring);
            case "modulith" -> new ModulithPipeline(settings, wiring);
            default -> throw new IllegalArgumentException("unknown pipeline " + name + " (known: axon, modulith)");
        };
    }
}
