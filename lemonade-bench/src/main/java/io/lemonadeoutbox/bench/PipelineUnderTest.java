package io.lemonadeoutbox.bench;

import io.lemonadeoutbox.infra.Infrastructure;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What the benchmark drives: a set of processes that take {@code POST /api/sales} at {@link #baseUrl()}, append
 * {@code LemonadeSold} to the event store in the {@code lemonade} database, publish it to {@code lemonade.sales} and
 * write one card per sale in the {@code thankyou} database. Everything else (load, timestamps, CPU, memory, audit)
 * is the benchmark's and the same for every pipeline. A peer implementation (another framework) is one more class
 * and one more name in {@link #named}.
 */
interface PipelineUnderTest extends AutoCloseable {

    /** The servers, the wiring every pipeline must use, and where its output goes. */
    record Wiring(Infrastructure infrastructure, String topic, String deadLetterTopic, Path projectRoot,
                  Path jars, Consumer<String> log) {
    }

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
            default -> throw new IllegalArgumentException("unknown bench.pipeline " + name + " (known: axon)");
        };
    }
}
