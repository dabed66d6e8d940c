package io.lemonadeoutbox.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The raw pipeline ({@link RawPipeline}) at the closed model's concurrencies, each repeated, on the same PostgreSQL
 * and Kafka: the limit every pipeline figure is quoted against.
 */
final class RawSweep {

    private RawSweep() {
    }

    /** Sales of a repetition over the time from its start to its last card. */
    static double completedPerSecond(EndToEnd e2e, long startMillis) {
        double seconds = (e2e.lastCardMillis() - startMillis) / 1000.0;
        return seconds <= 0 ? Double.NaN : e2e.sales() / seconds;
    }

    static void run(BenchRun run, String eventsUrl, String cardsUrl) throws Exception {
        BenchSettings s = run.settings;
        byte[][] sample = run.databases.soldSample();
        String kafka = run.infrastructure.kafka().bootstrapServers();
        run.progress.phase("raw");
        run.markPhase("raw pipeline", System.currentTimeMillis());
        CpuMeter cpu = new CpuMeter();
        cpu.watchThreads(BenchRun.RAW_THREADS, name -> name.startsWith(RawPipeline.THREADS));
        cpu.watch("PostgreSQL", run.databases::postgresProcessesOrNone);
        cpu.watchThreads(BenchRun.BROKER, Bench::isBrokerThread);
        try (RawPipeline raw = new RawPipeline(eventsUrl, cardsUrl, run.infrastructure.postgres().username(),
                run.infrastructure.postgres().password(), kafka, Bench.RAW_PIPELINE_TOPIC, sample[0], sample[1], 3)) {
            RawPipeline.Result warm = raw.closed("raw-warmup", s.concurrency(), s.warmupWindow());
            raw.awaitCards("raw-warmup", warm.appended(), s.drainTimeout());
            for (int clients : s.clients()) {
                List<RawPipeline.Result> results = new ArrayList<>();
                List<EndToEnd> e2e = new ArrayList<>();
                List<Map<String, Double>> perSale = new ArrayList<>();
                for (int r = 1; r <= s.repetitions(); r++) {
                    String phase = "raw-c" + clients + "-r" + r;
                    Bench.say("raw pipeline: " + clients + " clients for " + s.window().toSeconds() + " s (" + r + "/"
                            + s.repetitions() + ")");
                    CpuMeter.Snapshot before = cpu.snapshot();
                    RawPipeline.Result result = raw.closed(phase, clients, s.window());
                    if (!raw.awaitCards(phase, result.appended(), s.drainTimeout())) {
                        Bench.say("WARNING: raw pipeline: not every card of " + phase + " arrived");
                    }
                    CpuMeter.Snapshot after = cpu.snapshot();
                    results.add(result);
                    e2e.add(raw.endToEnd(phase));
                    perSale.add(CpuMeter.perUnit(before, after, result.appended()));
                }
                String section = "raw " + clients;
                Spread appended = Spread.of(results.stream().map(RawPipeline.Result::appendedPerSecond).toList());
                List<Double> completed = new ArrayList<>();
                for (int i = 0; i < results.size(); i++) {
                    completed.add(completedPerSecond(e2e.get(i), results.get(i).startMillis()));
                }
                // the limit is what the whole job sustains: appends that outrun the cards are not a faster pipeline
                Spread rate = Spread.of(completed);
                run.rawPipeline.put(clients, rate);
                run.report.row(section, "raw pipeline sales/s, " + clients + " clients (first append -> last card)",
                        rate, "/s");
                run.report.row(section, "raw appends/s inside the pipeline", appended, "/s");
                run.report.row(section, "append latency p99", Spread.of(results.stream()
                        .map(x -> EndToEnd.millis(x.appendMicros(), 99)).toList()), "ms");
                run.report.row(section, "end to end (row -> card) p50",
                        ClosedSweep.spread(e2e, e -> EndToEnd.millis(e.saleToCard(), 50)), "ms");
                Spread p99 = ClosedSweep.spread(e2e, e -> EndToEnd.millis(e.saleToCard(), 99));
                run.report.row(section, "end to end p99", p99, "ms");
                run.cpuRows(section, "sale", perSale);
                run.report.curvePoint("raw pipeline: end to end p99", rate.median(), p99.median());
            }
            run.report.row("raw", "raw pipeline: rows without a card", raw.missingCards(), "", "", Double.NaN, "0",
                    raw.missingCards() == 0);
        }
    }
}
