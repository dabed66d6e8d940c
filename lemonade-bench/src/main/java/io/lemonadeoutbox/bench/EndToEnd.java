package io.lemonadeoutbox.bench;

import java.util.Map;
import java.util.function.ToLongFunction;
import org.HdrHistogram.Histogram;

/**
 * How long a phase's sales took through the pipeline, from timestamps the system recorded: the event's time_stamp
 * in the event store, the record's LogAppendTime on Kafka (millisecond resolution, so the first leg can read up to
 * 1 ms short and is floored at 0) and the card's created_at in the thankyou database.
 */
record EndToEnd(long sales, long complete, Histogram saleToKafka, Histogram kafkaToCard, Histogram saleToCard,
                double publishedPerSecond, double cardsPerSecond, long firstOnKafkaMillis, long lastCardMillis) {

    static EndToEnd of(Map<String, Long> soldMicros, Map<String, Long> kafkaMillis, Map<String, Long> cardMicros) {
        Histogram toKafka = histogram();
        Histogram toCard = histogram();
        Histogram total = histogram();
        long complete = 0;
        long minK = Long.MAX_VALUE;
        long maxK = Long.MIN_VALUE;
        long minC = Long.MAX_VALUE;
        long maxC = Long.MIN_VALUE;
        long published = 0;
        for (Map.Entry<String, Long> sale : soldMicros.entrySet()) {
            long sold = sale.getValue();
            Long onKafka = kafkaMillis.get(sale.getKey());
            Long card = cardMicros.get(sale.getKey());
            if (onKafka != null) {
                published++;
                minK = Math.min(minK, onKafka);
                maxK = Math.max(maxK, onKafka);
                toKafka.recordValue(Math.max(0, onKafka * 1000 - sold));
            }
            if (card != null) {
                minC = Math.min(minC, card);
                maxC = Math.max(maxC, card);
                total.recordValue(Math.max(0, card - sold));
                if (onKafka != null) {
                    complete++;
                    toCard.recordValue(Math.max(0, card - onKafka * 1000));
                }
            }
        }
        double publishedRate = published > 1 && maxK > minK ? published / ((maxK - minK) / 1000.0) : 0;
        double cardRate = total.getTotalCount() > 1 && maxC > minC ? total.getTotalCount() / ((maxC - minC) / 1e6) : 0;
        return new EndToEnd(soldMicros.size(), complete, toKafka, toCard, total, publishedRate, cardRate,
                minK == Long.MAX_VALUE ? 0 : minK, maxC == Long.MIN_VALUE ? 0 : maxC / 1000);
    }

    static Histogram histogram() {
        return new Histogram(3_600_000_000L, 3);
    }

    static double millis(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }

    static double maxMillis(Histogram h) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getMaxValue() / 1000.0;
    }

    /** Per-second counts of the given timestamps (epoch ms), from the run's origin. */
    static long[] perSecond(Map<String, Long> values, ToLongFunction<Long> toMillis, long originMillis, int seconds) {
        long[] out = new long[seconds];
        for (long value : values.values()) {
            int second = (int) ((toMillis.applyAsLong(value) - originMillis) / 1000);
            if (second >= 0 && second < seconds) {
                out[second]++;
            }
        }
        return out;
    }
}
