package io.lemonadeoutbox.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;

/** The machine's own limits, each repeated: raw single-row appends, raw Kafka sends with the publisher's settings. */
final class Limits {

    static final String RAW_TOPIC = "bench.raw";
    private static final int KAFKA_ACK_THREADS = 4;

    private Limits() {
    }

    static void run(BenchRun run, String eventStoreUrl) throws Exception {
        run.progress.phase("limits");
        run.markPhase("limits", System.currentTimeMillis());
        BenchSettings s = run.settings;
        RawLimits.Shape shape = run.databases.soldShape();
        run.report.fact("eventShape", shape.payloadBytes() + " B payload, " + shape.metaDataBytes() + " B metadata");
        String user = run.infrastructure.postgres().username();
        String password = run.infrastructure.postgres().password();
        List<Double> one = new ArrayList<>();
        List<Double> many = new ArrayList<>();
        for (int r = 0; r < s.repetitions(); r++) {
            Bench.say("limit: raw appends to a copy of domain_event_entry, 1 and " + s.concurrency() + " clients ("
                    + (r + 1) + "/" + s.repetitions() + ")");
            one.add(RawLimits.appendsPerSecond(eventStoreUrl, user, password, shape, 1, s.limit()));
            many.add(RawLimits.appendsPerSecond(eventStoreUrl, user, password, shape, s.concurrency(), s.limit()));
        }
        run.report.row("limit", "raw JDBC appends/s, 1 client", Spread.of(one), "/s");
        run.rawAppends = Spread.of(many);
        run.report.row("limit", "raw JDBC appends/s, " + s.concurrency() + " clients", run.rawAppends, "/s");

        String kafka = run.infrastructure.kafka().bootstrapServers();
        List<Double> acked = new ArrayList<>();
        List<Double> ackedParallel = new ArrayList<>();
        List<Double> pipelined = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = RawLimits.producer(kafka)) {
            RawLimits.kafkaAckedSendsPerSecond(producer, RAW_TOPIC, shape, 1, Duration.ofSeconds(1));
            for (int r = 0; r < s.repetitions(); r++) {
                Bench.say("limit: raw Kafka sends, acks=all, idempotent: each waiting for its ack, and pipelined ("
                        + (r + 1) + "/" + s.repetitions() + ")");
                acked.add(RawLimits.kafkaAckedSendsPerSecond(producer, RAW_TOPIC, shape, 1, s.limit()));
                ackedParallel.add(RawLimits.kafkaAckedSendsPerSecond(producer, RAW_TOPIC, shape, KAFKA_ACK_THREADS,
                        s.limit()));
                pipelined.add(RawLimits.kafkaPipelinedSendsPerSecond(producer, RAW_TOPIC, shape, s.limit()));
            }
        }
        run.report.row("limit", "raw Kafka sends/s, ack each, 1 thread", Spread.of(acked), "/s");
        run.report.row("limit", "raw Kafka sends/s, ack each, " + KAFKA_ACK_THREADS + " threads",
                Spread.of(ackedParallel), "/s");
        run.report.row("limit", "raw Kafka sends/s, pipelined", Spread.of(pipelined), "/s");
        run.report.fact("rawKafkaAcked", Spread.of(acked).median());
        run.report.fact("rawKafkaPipelined", Spread.of(pipelined).median());
    }
}
