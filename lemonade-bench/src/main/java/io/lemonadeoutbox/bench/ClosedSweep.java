package io.lemonadeoutbox.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The closed model at each concurrency (1, 4, 16, 64), each repeated, every figure next to the raw pipeline's. */
final class ClosedSweep {

    private ClosedSweep() {
    }

    static void run(BenchRun run) throws Exception {
        BenchSettings s = run.settings;
        for (int clients : s.clients()) {
            List<BenchRun.Repetition> reps = new ArrayList<>();
            for (int r = 1; r <= s.repetitions(); r++) {
                Bench.say("closed model: " + clients + " clients for " + s.window().toSeconds() + " s (" + r + "/"
                        + s.repetitions() + ")");
                reps.add(run.closed("closed-c" + clients + "-r" + r, clients, s.window()));
            }
            run.closedRepetitions.put(clients, reps);
            rows(run, "closed " + clients, clients, reps, clients == s.concurrency());
        }
    }

    /** The rows of one closed-model concurrency; {@code judged}: the concurrency the targets are set at. */
    static void rows(BenchRun run, String section, int clients, List<BenchRun.Repetition> reps, boolean judged) {
        Report report = run.report;
        Spread accepted = BenchRun.spread(reps, r -> r.load().acceptedPerSecond());
        if (section.startsWith("closed")) {
            run.sustained.put(clients, accepted);
        }
        Spread raw = run.rawPipeline.getOrDefault(clients, Spread.NONE);
        report.row(section, "accepted sales/s, " + clients + " clients", accepted, "/s",
                "raw pipeline sales/s (to last card), same clients", raw, judged ? ">= 0.50" : "",
                judged ? accepted.ratioTo(raw) >= 0.5 : null);
        report.row(section, "completed sales/s (first sale -> last card)", BenchRun.spread(reps,
                r -> RawSweep.completedPerSecond(r.e2e(), r.load().startMillis())), "/s");
        if (judged && section.startsWith("closed")) {
            report.row(section, "accepted sales/s vs raw appends", accepted, "/s", "raw appends/s, same clients",
                    run.rawAppends, "", null);
        }
        report.row(section, "HTTP latency p50", BenchRun.spread(reps, r -> EndToEnd.millis(r.load().latencyMicros(), 50)),
                "ms");
        report.row(section, "HTTP latency p99", BenchRun.spread(reps, r -> EndToEnd.millis(r.load().latencyMicros(), 99)),
                "ms");
        long failed = reps.stream().mapToLong(r -> r.load().failed()).sum();
        if (failed > 0) {
            report.row(section, "sales refused or failed (all repetitions)", failed, "");
        }
        report.row(section, "published events/s (Kafka append times)",
                BenchRun.spread(reps, r -> r.e2e().publishedPerSecond()), "/s");
        report.row(section, "publish lag when load stopped", BenchRun.spread(reps, r -> r.lagAtEnd()), "events");
        report.row(section, "time to last card after load stopped", BenchRun.spread(reps, r -> r.drainSeconds()), "s");
        endToEndRows(report, section, reps.stream().map(BenchRun.Repetition::e2e).toList(), null);
        List<Map<String, Double>> cpu = reps.stream().map(BenchRun.Repetition::cpuPerSale).toList();
        run.cpuRows(section, "sale", cpu);
        if (judged) {
            Spread app = Spread.of(cpu.stream().map(m -> m.getOrDefault(run.stand(), Double.NaN)).toList());
            Spread stack = BenchRun.spread(reps, BenchRun.Repetition::stackCpuPerSale);
            report.row(section, "CPU ms per sale: " + run.stand() + " (target)", app, "ms", "", Spread.NONE, "<= 0.3 ms",
                    app.median() <= 0.3);
            report.row(section, "CPU ms per sale: whole stack (target)", stack, "ms", "", Spread.NONE, "<= 0.8 ms",
                    stack.median() <= 0.8);
        }
        String line = section.startsWith("closed") ? "closed model" : section;
        report.curvePoint(line + ": end to end p50", accepted.median(),
                Spread.of(reps.stream().map(r -> EndToEnd.millis(r.e2e().saleToCard(), 50)).toList()).median());
        report.curvePoint(line + ": end to end p99", accepted.median(),
                Spread.of(reps.stream().map(r -> EndToEnd.millis(r.e2e().saleToCard(), 99)).toList()).median());
        report.curvePoint(line + ": HTTP p99", accepted.median(),
                BenchRun.spread(reps, r -> EndToEnd.millis(r.load().latencyMicros(), 99)).median());
    }

    static void endToEndRows(Report report, String section, List<EndToEnd> e2e, Double p99TargetMillis) {
        report.row(section, "sale -> Kafka p50", spread(e2e, e -> EndToEnd.millis(e.saleToKafka(), 50)), "ms");
        report.row(section, "sale -> Kafka p99", spread(e2e, e -> EndToEnd.millis(e.saleToKafka(), 99)), "ms");
        report.row(section, "Kafka -> card p99", spread(e2e, e -> EndToEnd.millis(e.kafkaToCard(), 99)), "ms");
        report.row(section, "end to end (sale -> card) p50", spread(e2e, e -> EndToEnd.millis(e.saleToCard(), 50)),
                "ms");
        report.row(section, "end to end p95", spread(e2e, e -> EndToEnd.millis(e.saleToCard(), 95)), "ms");
        Spread p99 = spread(e2e, e -> EndToEnd.millis(e.saleToCard(), 99));
        if (p99TargetMillis == null) {
            report.row(section, "end to end p99", p99, "ms");
        } else {
            report.row(section, "end to end p99 (target)", p99, "ms", "", Spread.NONE,
                    "< " + p99TargetMillis.intValue() + " ms in every repetition", p99.max() < p99TargetMillis);
        }
        report.row(section, "end to end max", spread(e2e, e -> EndToEnd.maxMillis(e.saleToCard())), "ms");
    }

    static Spread spread(List<EndToEnd> e2e, java.util.function.ToDoubleFunction<EndToEnd> figure) {
        return Spread.of(e2e.stream().map(e -> figure.applyAsDouble(e)).toList());
    }
}
