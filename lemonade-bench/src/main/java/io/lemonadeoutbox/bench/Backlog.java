package io.lemonadeoutbox.bench;

import io.lemonadeoutbox.testkit.SalesLoad;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The broker really stopped while sales keep being appended, then started again; each repetition reports how fast
 * the backlog was published and carded (from the first to the last record/card of it) against the sustained rate.
 */
final class Backlog {

    private Backlog() {
    }

    static void run(BenchRun run) throws Exception {
        BenchSettings s = run.settings;
        if (s.external()) {
            Bench.say("backlog: skipped, an external Kafka is not ours to stop");
            return;
        }
        Spread sustained = run.sustained.getOrDefault(s.concurrency(), Spread.NONE);
        List<EndToEnd> drains = new ArrayList<>();
        List<Double> restartToFirst = new ArrayList<>();
        List<Double> restartToLast = new ArrayList<>();
        List<java.util.Map<String, Double>> cpu = new ArrayList<>();
        for (int r = 1; r <= s.backlogRepetitions(); r++) {
            String phase = "backlog-r" + r;
            Bench.say("backlog: Kafka stopped, " + s.concurrency() + " clients append for " + s.backlog().toSeconds()
                    + " s, then Kafka starts again (" + r + "/" + s.backlogRepetitions() + ")");
            run.infrastructure.kafka().stop();
            SalesLoad.Result appended = run.load.closed(phase, s.concurrency(), s.backlog(), run.progress);
            run.markPhase(phase, appended.startMillis());
            long resumed = System.currentTimeMillis();
            CpuMeter.Snapshot before = run.cpu.snapshot();
            run.infrastructure.kafka().start();
            run.progress.phase("drain-r" + r);
            long unacknowledged = run.databases.unacknowledged();
            Duration drain = run.awaitCards(phase);
            run.drainUnacknowledgedPeak.add(unacknowledged);
            CpuMeter.Snapshot after = run.cpu.snapshot();
            EndToEnd e2e = run.endToEnd(phase);
            drains.add(e2e);
            restartToFirst.add((e2e.firstOnKafkaMillis() - resumed) / 1000.0);
            restartToLast.add(drain.toMillis() / 1000.0);
            cpu.add(CpuMeter.perUnit(before, after, e2e.sales()));
        }
        run.drains.addAll(drains);
        run.drainCpu.addAll(cpu);
        Spread published = ClosedSweep.spread(drains, EndToEnd::publishedPerSecond);
        Spread cards = ClosedSweep.spread(drains, EndToEnd::cardsPerSecond);
        Report report = run.report;
        report.row("backlog", "sales appended while Kafka was down", ClosedSweep.spread(drains, e -> e.sales()), "");
        report.row("backlog", "drain: published events/s", published, "/s", "sustained sale rate (closed "
                + s.concurrency() + ")", sustained, ">= 10x in every repetition", published.min() >= 10 * sustained.median());
        report.row("backlog", "drain: published events/s vs Kafka", published, "/s", "raw Kafka ack each, 1 thread",
                report.facts().get("rawKafkaAcked") instanceof Double acked ? Spread.single(acked) : Spread.NONE, "",
                null);
        report.row("backlog", "drain: cards/s", cards, "/s", "sustained sale rate (closed " + s.concurrency() + ")",
                sustained, ">= 10x in every repetition", cards.min() >= 10 * sustained.median());
        report.row("backlog", "Kafka restart -> first record appended", Spread.of(restartToFirst), "s");
        report.row("backlog", "Kafka restart -> last card", Spread.of(restartToLast), "s");
        run.cpuRows("backlog", "drained event", cpu);
    }
}
