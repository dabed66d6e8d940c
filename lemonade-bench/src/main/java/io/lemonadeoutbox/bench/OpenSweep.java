package io.lemonadeoutbox.bench;

import io.lemonadeoutbox.testkit.SalesLoad;
import java.util.ArrayList;
import java.util.List;

/**
 * The open model at fractions (25, 50, 75, 90 %) of the highest rate any closed-model concurrency sustained, each
 * repeated: sales arrive on schedule whether or not earlier ones were answered, so the latencies include the queue.
 */
final class OpenSweep {

    private static final double JUDGED_FRACTION = 0.5;
    private static final double P99_TARGET_MILLIS = 50;

    private OpenSweep() {
    }

    static void run(BenchRun run) throws Exception {
        BenchSettings s = run.settings;
        double highest = run.sustained.values().stream().mapToDouble(Spread::median).max().orElse(10);
        run.report.pipelineFact("highestSustainedSalesPerSecond", highest);
        for (double fraction : s.openFractions()) {
            double rate = Math.max(1, Math.floor(highest * fraction));
            int percent = (int) Math.round(fraction * 100);
            List<SalesLoad.Result> loads = new ArrayList<>();
            List<EndToEnd> e2e = new ArrayList<>();
            for (int r = 1; r <= s.repetitions(); r++) {
                String phase = "open-p" + percent + "-r" + r;
                Bench.say("open model: " + rate + " sales/s (" + percent + " % of " + Report.number(highest)
                        + ") for " + s.window().toSeconds() + " s (" + r + "/" + s.repetitions() + ")");
                SalesLoad.Result result = run.load.open(phase, rate, s.window(), run.progress);
                run.markPhase(phase, result.startMillis());
                run.awaitCards(phase);
                loads.add(result);
                e2e.add(run.endToEnd(phase));
            }
            String section = "open " + percent + "%";
            Spread accepted = Spread.of(loads.stream().map(SalesLoad.Result::acceptedPerSecond).toList());
            run.report.row(section, "accepted sales/s at " + Report.number(rate) + "/s (" + percent
                    + " % of the highest sustained)", accepted, "/s", "target rate", Spread.single(rate), "", null);
            long notSent = loads.stream().mapToLong(SalesLoad.Result::notSent).sum();
            if (notSent > 0) {
                run.report.row(section, "sales not sent (too many in flight)", notSent, "");
            }
            run.report.row(section, "HTTP latency p99 (from when each sale was due)", Spread.of(loads.stream()
                    .map(l -> EndToEnd.millis(l.latencyMicros(), 99)).toList()), "ms");
            boolean judged = Math.abs(fraction - JUDGED_FRACTION) < 1e-9;
            ClosedSweep.endToEndRows(run.report, section, e2e, judged ? P99_TARGET_MILLIS : null);
            run.report.curvePoint("open model: end to end p50", accepted.median(),
                    ClosedSweep.spread(e2e, e -> EndToEnd.millis(e.saleToCard(), 50)).median());
            run.report.curvePoint("open model: end to end p99", accepted.median(),
                    ClosedSweep.spread(e2e, e -> EndToEnd.millis(e.saleToCard(), 99)).median());
        }
    }
}
