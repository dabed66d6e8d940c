package io.lemonadeoutbox.bench;

import java.util.concurrent.TimeUnit;

/** Every sale in the event store against every card, after every phase of the run: missing, duplicate, orphan. */
final class Audit {

    private Audit() {
    }

    static void run(BenchRun run) throws Exception {
        run.progress.phase("audit");
        PipelineQueries.Audit audit = run.databases.audit();
        long deadline = System.nanoTime() + run.settings.drainTimeout().toNanos();
        while (audit.missing() > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(500);
            audit = run.databases.audit();
        }
        Bench.say("audit: " + audit);
        Report report = run.report;
        report.fact(run.auditFact, audit);
        report.row("audit", "sales recorded by " + run.pipeline.name(), audit.sales(), "");
        report.row("audit", "cards", audit.cards(), "");
        report.row("audit", "missing cards", audit.missing(), "", "", Double.NaN, "0", audit.missing() == 0);
        report.row("audit", "duplicate cards", audit.duplicate(), "", "", Double.NaN, "0", audit.duplicate() == 0);
        report.row("audit", "orphan cards", audit.orphan(), "", "", Double.NaN, "0", audit.orphan() == 0);
        report.row("audit", "dead letters", audit.deadLetters(), "", "", Double.NaN, "0", audit.deadLetters() == 0);
        report.row("audit", "LemonadeSold re-sent on the topic", run.watcher.resent(), "");
    }
}
