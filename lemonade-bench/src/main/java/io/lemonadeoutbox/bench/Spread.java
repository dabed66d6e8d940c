package io.lemonadeoutbox.bench;

import java.util.Collection;
import java.util.List;

/** One figure over the repetitions of a run: min, median, max (NaN repetitions, e.g. no data, are left out). */
record Spread(double min, double median, double max, int repetitions) {

    static final Spread NONE = new Spread(Double.NaN, Double.NaN, Double.NaN, 0);

    static Spread of(Collection<Double> values) {
        List<Double> sorted = values.stream().filter(v -> !Double.isNaN(v)).sorted().toList();
        if (sorted.isEmpty()) {
            return NONE;
        }
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Spread(sorted.get(0), median, sorted.get(n - 1), n);
    }

    static Spread single(double value) {
        return new Spread(value, value, value, 1);
    }

    /** This figure against another, repetition medians against each other. */
    double ratioTo(Spread limit) {
        return limit.median == 0 ? Double.NaN : median / limit.median;
    }
}
