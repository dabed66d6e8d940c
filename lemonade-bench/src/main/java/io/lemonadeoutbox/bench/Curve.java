package io.lemonadeoutbox.bench;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Latency against throughput as inline SVG: one line per measurement series (closed model by concurrency, open model
 * by rate, the raw pipeline), throughput on x, latency on a log y axis (1 ms at warm rates, seconds past saturation).
 */
final class Curve {

    private static final int WIDTH = 1100;
    private static final int HEIGHT = 420;
    private static final int LEFT = 70;
    private static final int RIGHT = 220;
    private static final int TOP = 30;
    private static final int BOTTOM = 40;
    private static final List<String> COLOURS = List.of("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
            "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22");

    private Curve() {
    }

    static String svg(String title, Map<String, List<double[]>> lines) {
        double maxX = lines.values().stream().flatMap(List::stream).mapToDouble(p -> p[0]).max().orElse(1);
        double minX = lines.values().stream().flatMap(List::stream).mapToDouble(p -> p[0]).filter(v -> v > 0)
                .min().orElse(1);
        // the raw pipeline can run orders of magnitude faster than the pipeline under test: then x is log-scaled too
        boolean logX = maxX / Math.max(minX, 1e-9) > 20;
        double lowX = Math.floor(Math.log10(Math.max(0.1, minX)));
        double highX = Math.max(lowX + 1, Math.ceil(Math.log10(Math.max(minX, maxX))));
        double minY = lines.values().stream().flatMap(List::stream).mapToDouble(p -> p[1]).filter(v -> v > 0)
                .min().orElse(1);
        double maxY = lines.values().stream().flatMap(List::stream).mapToDouble(p -> p[1]).max().orElse(10);
        double lowDecade = Math.floor(Math.log10(Math.max(0.01, minY)));
        double highDecade = Math.max(lowDecade + 1, Math.ceil(Math.log10(Math.max(minY, maxY))));
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        double scaleX = plotW / (maxX * 1.05);
        java.util.function.DoubleUnaryOperator x = logX
                ? v -> LEFT + (Math.log10(Math.max(Math.pow(10, lowX), v)) - lowX) / (highX - lowX) * plotW
                : v -> LEFT + v * scaleX;
        java.util.function.DoubleUnaryOperator y = v -> HEIGHT - BOTTOM
                - (Math.log10(Math.max(Math.pow(10, lowDecade), v)) - lowDecade) / (highDecade - lowDecade) * plotH;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT, "<h3>%s</h3><svg width=\"%d\" height=\"%d\" "
                + "xmlns=\"http://www.w3.org/2000/svg\" style=\"font:11px sans-serif\">", title, WIDTH, HEIGHT));
        int base = HEIGHT - BOTTOM;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%.0f\" y2=\"%d\" stroke=\"#000\"/>"
                + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>",
                LEFT, base, LEFT + plotW, base, LEFT, TOP, LEFT, base));
        for (double d = lowDecade; d <= highDecade; d++) {
            double v = Math.pow(10, d);
            double py = y.applyAsDouble(v);
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s ms</text>"
                    + "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#eee\"/>",
                    LEFT - 4, py + 4, Report.number(v), LEFT, py, LEFT + plotW, py));
        }
        if (logX) {
            for (double d = lowX; d <= highX; d++) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                        x.applyAsDouble(Math.pow(10, d)), base + 15, Report.number(Math.pow(10, d))));
            }
        } else {
            for (int i = 0; i <= 5; i++) {
                double v = maxX * 1.05 * i / 5;
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.0f</text>",
                        x.applyAsDouble(v), base + 15, v));
            }
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%d\" text-anchor=\"middle\">sales/s%s</text>",
                LEFT + plotW / 2, base + 32, logX ? " (log scale)" : ""));
        int i = 0;
        for (Map.Entry<String, List<double[]>> line : lines.entrySet()) {
            String colour = COLOURS.get(i % COLOURS.size());
            StringBuilder points = new StringBuilder();
            for (double[] p : line.getValue().stream().sorted(Comparator.comparingDouble(p -> p[0])).toList()) {
                double px = x.applyAsDouble(p[0]);
                double py = y.applyAsDouble(p[1]);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", px, py,
                        colour));
            }
            // past ten lines the colours repeat: those lines are dashed
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" %s"
                    + "points=\"%s\"/>", colour, i >= COLOURS.size() ? "stroke-dasharray=\"5,3\" " : "", points));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.0f\" y=\"%d\" width=\"10\" height=\"%d\" fill=\"%s\"/>"
                    + "<text x=\"%.0f\" y=\"%d\">%s</text>", LEFT + plotW + 10, TOP + i * 16,
                    i >= COLOURS.size() ? 3 : 10, colour,
                    LEFT + plotW + 24, TOP + i * 16 + 9, line.getKey()));
            i++;
        }
        return svg.append("</svg>").toString();
    }
}
