package io.lemonadeoutbox.bench;

import io.lemonadeoutbox.testkit.SalesLoad;
import java.util.ArrayList;
import java.util.List;

/**
 * Sales at the benchmark's concurrency in short windows until the rate is stable: four windows in a row within 10 %
 * of their median, the last not more than 5 % above the first (a rate still climbing is the JIT, not the design; with
 * three windows and 10 % a slow climb passed for stable on the shared machine).
 * Reports how long that took and each window's rate, so a reader sees the warm-up instead of averaging it in.
 */
final class WarmUp {

    private static final double TOLERANCE = 0.10;
    private static final double CLIMB = 0.05;
    private static final int WINDOWS = 4;

    private WarmUp() {
    }

    /** Returns the seconds it took to be stable (or the maximum, when it never was). */
    static double run(BenchRun run, String name) throws Exception {
        BenchSettings s = run.settings;
        Bench.say(name + ": " + s.concurrency() + " clients in " + s.warmupWindow().toSeconds()
                + " s windows until the rate is stable (at most " + s.warmupMax().toSeconds() + " s)");
        List<Double> rates = new ArrayList<>();
        long start = System.nanoTime();
        boolean stable = false;
        int window = 0;
        while (!stable && System.nanoTime() - start < s.warmupMax().toNanos()) {
            String phase = name + "-" + (++window);
            SalesLoad.Result r = run.load.closed(phase, s.concurrency(), s.warmupWindow(), run.progress);
            if (window == 1) {
                run.markPhase(name, r.startMillis());
            }
            rates.add(r.acceptedPerSecond());
            stable = stable(rates);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        run.awaitCards(name);
        Bench.say(name + ": " + (stable ? "stable" : "NOT stable") + " after " + Math.round(seconds) + " s, windows "
                + rates.stream().map(Report::number).toList() + " sales/s");
        run.report.row("warm-up", name + ": seconds until stable" + (stable ? "" : " (never: stopped at max)"),
                seconds, "s");
        run.report.row("warm-up", name + ": last window's rate", rates.get(rates.size() - 1), "/s");
        run.report.pipelineFact(name + "WindowRates", rates);
        return seconds;
    }

    static boolean stable(List<Double> rates) {
        if (rates.size() < WINDOWS) {
            return false;
        }
        List<Double> last = rates.subList(rates.size() - WINDOWS, rates.size());
        double median = Spread.of(last).median();
        boolean close = last.stream().allMatch(r -> Math.abs(r - median) <= TOLERANCE * median);
        return median > 0 && close && last.get(WINDOWS - 1) <= last.get(0) * (1 + CLIMB);
    }
}
