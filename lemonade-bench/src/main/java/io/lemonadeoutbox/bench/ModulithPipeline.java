package io.lemonadeoutbox.bench;

import java.io.IOException;
import java.nio.file.Path;

/**
 * lemonade-peer (Spring Modulith's JDBC event publication registry, externalized to Kafka) and the unchanged
 * thankyou-service, started exactly as {@link AxonPipeline} starts lemonade-app: same JVM options, same servers, but
 * databases of their own (both services keep Flyway histories) as lemonade-peer/README.md asks. Its sales are the
 * {@code sale} table (one row per sale, {@code sold_at} set in the sale's transaction) and its outbox is
 * {@code event_publication} (one row per event, {@code completion_date} set once Kafka acknowledged the record).
 */
final class ModulithPipeline extends AxonPipeline {

    static final SalesSource REGISTRY = new SalesSource(
            "select sale_id, (extract(epoch from sold_at) * 1000000)::bigint from sale where sale_id like ?",
            "select sale_id from sale",
            "select count(*) from event_publication",
            "select count(*) from event_publication where completion_date is null");

    ModulithPipeline(BenchSettings settings, Wiring wiring) throws IOException {
        super("modulith", "lemonade-peer", peerJar(settings, wiring), "lemonade_peer", "thankyou_peer", REGISTRY,
                settings, wiring);
    }

    private static Path peerJar(BenchSettings settings, Wiring wiring) {
        if (settings.peerJar() != null) {
            return settings.peerJar();
        }
        Path built = wiring.projectRoot().resolve("lemonade-peer/target/lemonade-peer.jar");
        if (!java.nio.file.Files.isRegularFile(built)) {
            throw new IllegalStateException(built + " is missing; build it first: "
                    + "./mvnw -B -Pbench -pl lemonade-bench,lemonade-peer -am package -DskipTests");
        }
        return built;
    }
}
