package io.lemonadeoutbox.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The per-second series the page draws: throughput at each stage and end-to-end latency, from the warm-up on. */
final class Series {

    private Series() {
    }

    static void write(BenchRun run) throws Exception {
        long origin = run.origin;
        int seconds = (int) ((System.currentTimeMillis() - origin) / 1000) + 1;
        Map<String, Long> sold = run.databases.soldAt("%");
        Map<String, Long> cards = run.databases.cardCreatedAt("%");
        Map<String, Long> onKafka = new HashMap<>(run.watcher.soldAppendedAt());
        // the charts start with the warm-up: the seconds before it are start-up, with nothing to draw
        int from = run.phases.isEmpty() ? 0 : (int) Math.floor((double) run.phases.get(0).get("startSecond"));
        List<Map<String, Object>> shifted = run.phases.stream()
                .map(p -> Map.<String, Object>of("name", p.get("name"),
                        "startSecond", (double) p.get("startSecond") - from))
                .toList();
        Report report = run.report;
        report.fact("chartsStartAtSecond", from);
        report.series("seconds", seconds - from);
        report.series("phases", shifted);
        report.series("acceptedPerSecond", tail(run.load.timeline().acceptedPerSecond(seconds), from));
        report.series("appendedPerSecond",
                tail(EndToEnd.perSecond(sold, micros -> micros / 1000, origin, seconds), from));
        report.series("publishedPerSecond", tail(EndToEnd.perSecond(onKafka, millis -> millis, origin, seconds), from));
        report.series("cardsPerSecond", tail(EndToEnd.perSecond(cards, micros -> micros / 1000, origin, seconds), from));
        Histogram[] perSecond = new Histogram[seconds];
        sold.forEach((sale, soldMicros) -> {
            Long card = cards.get(sale);
            int second = (int) ((soldMicros / 1000 - origin) / 1000);
            if (card != null && second >= 0 && second < seconds) {
                if (perSecond[second] == null) {
                    perSecond[second] = EndToEnd.histogram();
                }
                perSecond[second].recordValue(Math.max(0, card - soldMicros));
            }
        });
        long[] p50 = new long[seconds];
        long[] p99 = new long[seconds];
        for (int s = 0; s < seconds; s++) {
            if (perSecond[s] != null) {
                p50[s] = perSecond[s].getValueAtPercentile(50) / 1000;
                p99[s] = perSecond[s].getValueAtPercentile(99) / 1000;
            }
        }
        report.series("endToEndP50Millis", tail(p50, from));
        report.series("endToEndP99Millis", tail(p99, from));
    }

    private static long[] tail(long[] values, int from) {
        return Arrays.copyOfRange(values, Math.min(from, values.length), values.length);
    }
}
