package io.lemonadeoutbox.stack.campaign;

import io.lemonadeoutbox.infra.Chart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The campaign's verdict as a person reads it ({@code report.txt}), and its per-second timeline ({@code timeline.html}). */
final class CampaignReport {

    static final String TEXT_FILE = "report.txt";
    static final String TIMELINE_FILE = "timeline.html";

    private final CampaignSettings settings;
    private final History history;
    private final List<Check> checks;
    private final Checker.Findings findings;
    private final long worstLag;
    private final Drain drain;
    private final int operationsEndSecond;
    private final int healedSecond;
    private final int seconds;
    private final long[] lagPerSecond;

    CampaignReport(CampaignSettings settings, History history, List<Check> checks, Checker.Findings findings,
                   long worstLag, Drain drain, int operationsEndSecond, int healedSecond, int seconds,
                   long[] lagPerSecond) {
        this.settings = settings;
        this.history = history;
        this.checks = List.copyOf(checks);
        this.findings = findings;
        this.worstLag = worstLag;
        this.drain = drain;
        this.operationsEndSecond = operationsEndSecond;
        this.healedSecond = healedSecond;
        this.seconds = seconds;
        this.lagPerSecond = lagPerSecond;
    }

    boolean passed() {
        return checks.stream().allMatch(Check::holds);
    }

    String text() {
        StringBuilder text = new StringBuilder();
        text.append("\nlemonade-outbox fault campaign: ").append(passed() ? "PASSED" : "FAILED").append('\n');
        text.append("  seed ").append(settings.seed()).append(", ").append(settings.duration().toSeconds())
                .append(" s of operations by ").append(settings.workers()).append(" workers; unsafe switches: ")
                .append(settings.negativeControl() ? String.join(", ", settings.unsafeSwitches()) : "none")
                .append('\n');
        text.append("  stand ").append(settings.stand().describe()).append('\n');
        text.append("  fault kinds: ").append(settings.faultsOption()).append('\n');
        settings.stand().faultNotes().forEach(note -> text.append("    on this stand, ").append(note).append('\n'));
        text.append("  rerun: ").append(settings.rerunCommand()).append('\n');
        text.append("  (the seed fixes the fault schedule and each worker's sequence of operations; timing, and so "
                + "the exact interleaving, is the machine's)\n\n");

        List<Operation> operations = history.operations();
        text.append("operations: ").append(operations.size()).append('\n');
        Map<Operation.Kind, Map<String, Integer>> outcomes = new EnumMap<>(Operation.Kind.class);
        for (Operation operation : operations) {
            outcomes.computeIfAbsent(operation.kind(), kind -> new TreeMap<>())
                    .merge(operation.answered() ? String.valueOf(operation.status()) : "no answer", 1, Integer::sum);
        }
        outcomes.forEach((kind, byStatus) -> text.append(String.format("  %-50s %7d   %s%n", kind.description,
                byStatus.values().stream().mapToInt(Integer::intValue).sum(), byStatus)));

        List<FaultRecord> faults = history.faults();
        text.append("\nfaults: ").append(faults.size()).append('\n');
        Map<Fault.Kind, Integer> byKind = new EnumMap<>(Fault.Kind.class);
        faults.forEach(fault -> byKind.merge(fault.fault().kind(), 1, Integer::sum));
        byKind.forEach((kind, count) -> text.append(String.format("  %-18s %3d   %s%n",
                kind.name().toLowerCase().replace('_', '-'), count, kind.description)));
        for (FaultRecord fault : faults) {
            text.append(String.format("  %6.1f s - %6.1f s  %-32s %s%n", seconds(fault.startMillis()),
                    seconds(fault.endMillis()), fault.fault().describe(), fault.outcome()));
        }

        text.append("\nchecks:\n");
        for (Check check : checks) {
            text.append(String.format("  [%s] %-92s checked %7d, violations %d%n", check.holds() ? " ok " : "FAIL",
                    check.rule(), check.checked(), check.violations()));
            check.examples().forEach(example -> text.append("           ").append(example).append('\n'));
        }
        text.append(String.format("%ncard findings by the faults active when the sale was sold (its request in flight,"
                + " or the fault beginning up to %d s after the answer; counted, not judged: the checks above judge)%n",
                FaultAttribution.AFTER_ANSWER / 1000));
        text.append(String.format("  %-30s %8s %10s %13s %21s%n", "fault kind", "missing", "duplicate", "out-of-order",
                "refund not reflected"));
        FaultAttribution.byFaultKind(operations, faults, findings, settings.faults()).forEach((row, counts) ->
                text.append(String.format("  %-30s %8d %10d %13d %21d%n", row, counts.missing(), counts.duplicate(),
                        counts.outOfOrder(), counts.unreflected())));
        text.append("  (out-of-order: the sale's SaleRefunded reached thankyou-service before its LemonadeSold; the "
                + "inbox keeps such a refund and applies it with the card)\n");
        text.append(String.format("%nlag (events stored, not yet in the thank-you inbox): worst %d; %s (bound %d s)%n",
                worstLag, drain.describe(), Campaign.QUIET_BOUND.toSeconds()));
        text.append("exit code ").append(passed() ? 0 : 1).append('\n');
        return text.toString();
    }

    void write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve(TEXT_FILE), text(), StandardCharsets.UTF_8);
        Files.writeString(directory.resolve(TIMELINE_FILE), timeline(), StandardCharsets.UTF_8);
    }

    String timeline() {
        List<Map<String, Object>> marks = new ArrayList<>();
        for (FaultRecord fault : history.faults()) {
            Map<String, Object> mark = new LinkedHashMap<>();
            mark.put("startSecond", history.second(fault.startMillis()));
            mark.put("name", "#" + fault.fault().number()); // the table below the charts names each
            marks.add(mark);
        }
        marks.add(Map.of("startSecond", operationsEndSecond, "name", "operations stop"));
        marks.add(Map.of("startSecond", healedSecond, "name", "healed"));
        long[] lag = lagPerSecond.clone();
        for (int i = 0; i < lag.length; i++) {
            lag[i] = Math.max(0, lag[i]);
        }
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>")
                .append("fault campaign, ").append(settings.stand().name()).append(", seed ").append(settings.seed())
                .append("</title><style>body{font-family:"
                        + "sans-serif;margin:2em}pre{font-size:12px}</style></head><body><h1 id=\"verdict\">")
                .append(passed() ? "PASSED" : "FAILED").append(": fault campaign, ").append(settings.stand().name())
                .append(" stand, seed ").append(settings.seed()).append("</h1>");
        html.append(Chart.svg("Operations per second (answered by " + settings.stand().appName() + ")", "ops/s",
                Map.of("all answers", history.operationsPerSecond(seconds),
                        "201/200", history.acceptedPerSecond(seconds)),
                List.of("#1f77b4", "#2ca02c"), marks));
        html.append(Chart.svg("End-to-end lag: events stored but not yet in the thank-you inbox (0 where unknown)",
                "events", Map.of("lag", lag), List.of("#d62728"), marks));
        html.append("<table id=\"faults\" border=\"1\" cellpadding=\"3\" style=\"border-collapse:collapse;"
                + "font-size:13px\"><tr><th>fault</th><th>from s</th><th>to s</th><th>outcome</th></tr>");
        for (FaultRecord fault : history.faults()) {
            html.append(String.format("<tr><td>%s</td><td>%.1f</td><td>%.1f</td><td>%s</td></tr>",
                    escape(fault.fault().describe()), seconds(fault.startMillis()), seconds(fault.endMillis()),
                    escape(fault.outcome())));
        }
        html.append("</table><pre>").append(escape(text())).append("</pre></body></html>\n");
        return html.toString();
    }

    private double seconds(long millis) {
        return (millis - history.originMillis()) / 1000.0;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
