package io.lemonadeoutbox.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Configurations side by side in the same run ({@code -Dbench.variants="name=--a=b -Xmx1g|other=..."}): for each,
 * the services are restarted with its arguments and JVM options, warmed up until stable, and measured at the
 * benchmark's concurrency as often as every other figure, with CPU per sale and peak memory of each process.
 */
final class Comparison {

    private Comparison() {
    }

    static void run(BenchRun run) throws Exception {
        BenchSettings s = run.settings;
        for (BenchSettings.Variant variant : s.variants()) {
            String name = variant.name().replaceAll("[^A-Za-z0-9_-]", "_");
            Bench.say("compare " + name + ": restarting the pipeline with " + variant.args() + " " + variant.jvm());
            run.pipeline.stop();
            run.pipeline.start(variant.args(), variant.jvm());
            run.memory.reset();
            run.report.fact("variant " + name, String.join(" ", variant.args()) + " " + String.join(" ", variant.jvm()));
            WarmUp.run(run, "cmp-" + name + "-warmup");
            List<BenchRun.Repetition> reps = new ArrayList<>();
            for (int r = 1; r <= s.repetitions(); r++) {
                Bench.say("compare " + name + ": " + s.concurrency() + " clients for " + s.window().toSeconds() + " s ("
                        + r + "/" + s.repetitions() + ")");
                reps.add(run.closed("cmp-" + name + "-r" + r, s.concurrency(), s.window()));
            }
            String section = "compare " + name;
            ClosedSweep.rows(run, section, s.concurrency(), reps, false);
            for (Map.Entry<String, Double> peak : run.memory.peaksMib().entrySet()) {
                run.report.row(section, "peak memory: " + peak.getKey(), peak.getValue(), "MiB");
            }
        }
    }
}
