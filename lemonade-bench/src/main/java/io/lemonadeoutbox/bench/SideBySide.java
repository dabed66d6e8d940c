package io.lemonadeoutbox.bench;

import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Every figure of the first pipeline (ours) next to the same figure of each other pipeline (a peer) measured in the
 * same run, same servers and same load; the ratio column is ours / peer. Throughput is counted where the sales end,
 * cards written per second from the first sale to the last card, and records published per second, because a relay
 * that falls behind accepts POSTs faster than it delivers them.
 */
final class SideBySide {

    private SideBySide() {
    }

    static void write(Report report, List<BenchRun> runs) {
        BenchRun ours = runs.get(0);
        for (BenchRun peer : runs.subList(1, runs.size())) {
            String section = "side by side " + ours.pipeline.name() + "/" + peer.pipeline.name();
            String peerName = peer.pipeline.name() + " (same run)";
            for (Map.Entry<Integer, List<BenchRun.Repetition>> closed : ours.closedRepetitions.entrySet()) {
                List<BenchRun.Repetition> theirs = peer.closedRepetitions.get(closed.getKey());
                if (theirs == null) {
                    continue;
                }
                List<BenchRun.Repetition> mine = closed.getValue();
                String c = ", " + closed.getKey() + " clients";
                Pair pair = new Pair(report, section, peerName, mine, theirs);
                pair.row("cards written/s (first sale -> last card)" + c, "/s",
                        r -> RawSweep.completedPerSecond(r.e2e(), r.load().startMillis()));
                pair.row("records published/s (Kafka append times)" + c, "/s", r -> r.e2e().publishedPerSecond());
                pair.row("accepted POSTs/s" + c, "/s", r -> r.load().acceptedPerSecond());
                pair.row("HTTP p50" + c, "ms", r -> EndToEnd.millis(r.load().latencyMicros(), 50));
                pair.row("HTTP p99" + c, "ms", r -> EndToEnd.millis(r.load().latencyMicros(), 99));
                pair.row("end to end (sale -> card) p50" + c, "ms", r -> EndToEnd.millis(r.e2e().saleToCard(), 50));
                pair.row("end to end p99" + c, "ms", r -> EndToEnd.millis(r.e2e().saleToCard(), 99));
                pair.row("publish lag when load stopped" + c, "events", r -> r.lagAtEnd());
                pair.row("time to last card after load stopped" + c, "s", BenchRun.Repetition::drainSeconds);
                pair.row("CPU ms per sale: the stand (" + ours.stand() + " / " + peer.stand() + ")" + c, "ms",
                        r -> r.cpuPerSale().getOrDefault(ours.stand(), Double.NaN),
                        r -> r.cpuPerSale().getOrDefault(peer.stand(), Double.NaN));
                for (String part : List.of("thankyou-service", "PostgreSQL", BenchRun.BROKER)) {
                    pair.row("CPU ms per sale: " + part + c, "ms",
                            r -> r.cpuPerSale().getOrDefault(part, Double.NaN));
                }
                pair.row("CPU ms per sale: whole stack" + c, "ms", BenchRun.Repetition::stackCpuPerSale);
            }
            if (!ours.drains.isEmpty() && !peer.drains.isEmpty()) {
                report.row(section, "backlog drain: published events/s", spread(ours.drains, EndToEnd::publishedPerSecond),
                        "/s", peerName, spread(peer.drains, EndToEnd::publishedPerSecond), "", null);
                report.row(section, "backlog drain: cards/s", spread(ours.drains, EndToEnd::cardsPerSecond), "/s",
                        peerName, spread(peer.drains, EndToEnd::cardsPerSecond), "", null);
                report.row(section, "backlog drain: sales appended while Kafka was down",
                        spread(ours.drains, e -> e.sales()), "", peerName, spread(peer.drains, e -> e.sales()), "", null);
                report.row(section, "backlog drain: CPU ms per drained event, whole stack", stackCpu(ours.drainCpu),
                        "ms", peerName, stackCpu(peer.drainCpu), "", null);
            }
        }
    }

    private record Pair(Report report, String section, String peerName, List<BenchRun.Repetition> mine,
                        List<BenchRun.Repetition> theirs) {
        void row(String figure, String unit, ToDoubleFunction<BenchRun.Repetition> value) {
            row(figure, unit, value, value);
        }

        void row(String figure, String unit, ToDoubleFunction<BenchRun.Repetition> ours,
                 ToDoubleFunction<BenchRun.Repetition> peer) {
            report.row(section, figure, BenchRun.spread(mine, ours), unit, peerName, BenchRun.spread(theirs, peer),
                    "", null);
        }
    }

    private static Spread spread(List<EndToEnd> e2e, ToDoubleFunction<EndToEnd> figure) {
        return ClosedSweep.spread(e2e, figure);
    }

    private static Spread stackCpu(List<Map<String, Double>> cpu) {
        return Spread.of(cpu.stream().map(m -> m.entrySet().stream().filter(e -> !e.getKey().startsWith("bench JVM"))
                .mapToDouble(Map.Entry::getValue).sum()).toList());
    }
}
