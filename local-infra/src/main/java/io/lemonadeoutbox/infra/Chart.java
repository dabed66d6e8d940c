package io.lemonadeoutbox.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A line chart as inline SVG: one value per second, phase boundaries as labelled vertical lines. The benchmark's and
 * the fault campaign's timeline pages draw with it.
 */
public final class Chart {

    private static final int WIDTH = 1100;
    private static final int HEIGHT = 320;
    private static final int LEFT = 60;
    private static final int BOTTOM = 30;
    private static final int TOP = 30;

    private Chart() {
    }

    public static String svg(String title, String unit, Map<String, long[]> lines, List<String> colours,
                             List<?> phases) {
        return svg(title, unit, lines, colours, phases, false);
    }

    /** Log-scaled values: the phases' latencies differ by orders of magnitude (milliseconds warm, seconds in a drain). */
    public static String logSvg(String title, String unit, Map<String, long[]> lines, List<String> colours,
                                List<?> phases) {
        return svg(title, unit, lines, colours, phases, true);
    }

    private static String svg(String title, String unit, Map<String, long[]> lines, List<String> colours,
                              List<?> phases, boolean log) {
        Map<String, long[]> sorted = new TreeMap<>(lines);
        int seconds = sorted.values().stream().mapToInt(a -> a.length).max().orElse(1);
        long max = Math.max(1, sorted.values().stream().flatMapToLong(java.util.Arrays::stream).max().orElse(1));
        double x = (WIDTH - LEFT - 20) / (double) Math.max(1, seconds - 1);
        double plot = HEIGHT - TOP - BOTTOM;
        double decades = Math.max(1, Math.ceil(Math.log10(max)));
        java.util.function.LongToDoubleFunction height = log
                ? v -> v <= 0 ? 0 : Math.min(plot, Math.log10(Math.max(1, v)) / decades * plot)
                : v -> v * plot / max;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<h3>%s</h3><svg width=\"%d\" height=\"%d\" "
                + "xmlns=\"http://www.w3.org/2000/svg\" style=\"font:11px sans-serif\">", title, WIDTH, HEIGHT));
        int base = HEIGHT - BOTTOM;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>",
                LEFT, base, WIDTH - 20, base));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>",
                LEFT, TOP, LEFT, base));
        int ticks = log ? (int) decades : 4;
        for (int i = 0; i <= ticks; i++) {
            long v = log ? (long) Math.pow(10, i) : max * i / 4;
            double py = base - height.applyAsDouble(v);
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>"
                    + "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>",
                    LEFT - 4, py + 4, v, LEFT, py, WIDTH - 20, py));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\">%s</text>", TOP - 10, unit));
        for (int s = 0; s < seconds; s += Math.max(1, seconds / 10)) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%ds</text>",
                    LEFT + s * x, base + 15, s));
        }
        if (phases != null) {
            for (Object phase : phases) {
                Map<?, ?> p = (Map<?, ?>) phase;
                double px = LEFT + ((Number) p.get("startSecond")).doubleValue() * x;
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                        + "stroke=\"#999\" stroke-dasharray=\"4\"/><text x=\"%.1f\" y=\"%d\">%s</text>",
                        px, TOP, px, base, px + 3, TOP + 10, p.get("name")));
            }
        }
        int legend = 0;
        List<String> names = new ArrayList<>(sorted.keySet());
        for (int i = 0; i < names.size(); i++) {
            long[] values = sorted.get(names.get(i));
            String colour = colours.get(i % colours.size());
            StringBuilder points = new StringBuilder();
            for (int s = 0; s < values.length; s++) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + s * x, base - height.applyAsDouble(values[s])));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" "
                    + "points=\"%s\"/>", colour, points));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"8\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"17\">%s</text>", LEFT + legend, colour, LEFT + legend + 14, names.get(i)));
            legend += 40 + names.get(i).length() * 6;
        }
        return svg.append("</svg>").toString();
    }
}
