package io.lemonadeoutbox.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lemonadeoutbox.infra.Chart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of one run, each next to the limit it is judged against; printed, written as JSON, and plotted. */
final class Report {

    /**
     * @param limit  the figure it is compared with (NaN when there is none)
     * @param target what the ratio (or the value, for latencies) should be, in words
     * @param met    whether the target was met; null when the row has no target
     */
    record Row(String section, String figure, double value, String unit, String limitName, double limit,
               String target, Boolean met, Spread spread) {
        Row(String section, String figure, double value, String unit, String limitName, double limit, String target,
            Boolean met) {
            this(section, figure, value, unit, limitName, limit, target, met, Spread.single(value));
        }

        /** "median (min-max)" when the figure has several repetitions. */
        String shown() {
            return spread.repetitions() > 1 && spread.min() != spread.max()
                    ? number(value) + " (" + number(spread.min()) + "-" + number(spread.max()) + ")"
                    : number(value);
        }

        double ratio() {
            return Double.isNaN(limit) || limit == 0 ? Double.NaN : value / limit;
        }
    }

    private final Map<String, Object> facts = new LinkedHashMap<>();
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Object> series = new LinkedHashMap<>();
    private final Map<String, List<double[]>> curve = new LinkedHashMap<>();

    private String prefix = "";

    /** Prefixes every section and curve line from now on (the pipeline's name when a run measures several). */
    void prefix(String prefix) {
        this.prefix = prefix;
    }

    Map<String, Object> facts() {
        return facts;
    }

    void fact(String name, Object value) {
        facts.put(name, value);
    }

    /** A fact each pipeline of the run has: under the pipeline's prefix, so that the next one does not replace it. */
    void pipelineFact(String name, Object value) {
        facts.put(prefix + name, value);
    }

    void row(String section, String figure, double value, String unit) {
        rows.add(new Row(prefix + section, figure, value, unit, "", Double.NaN, "", null));
    }

    void row(String section, String figure, double value, String unit, String limitName, double limit,
             String target, Boolean met) {
        rows.add(new Row(prefix + section, figure, value, unit, limitName, limit, target, met));
    }

    /** A figure measured in each repetition: the median is the value, min and max are shown next to it. */
    void row(String section, String figure, Spread value, String unit) {
        rows.add(new Row(prefix + section, figure, value.median(), unit, "", Double.NaN, "", null, value));
    }

    void row(String section, String figure, Spread value, String unit, String limitName, Spread limit,
             String target, Boolean met) {
        rows.add(new Row(prefix + section, figure, value.median(), unit, limitName, limit.median(), target, met, value));
    }

    /** A point of the latency-against-throughput curve: sales/s and latency in ms (medians of the repetitions). */
    void curvePoint(String line, double perSecond, double millis) {
        if (!Double.isNaN(perSecond) && !Double.isNaN(millis)) {
            curve.computeIfAbsent(prefix + line, k -> new ArrayList<>()).add(new double[] {perSecond, millis});
        }
    }

    void series(String name, Object values) {
        series.put(name, values);
    }

    List<Row> rows() {
        return rows;
    }

    String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-9s %-52s %22s %-6s %-34s %10s %7s  %s%n",
                "section", "figure", "value", "unit", "limit (measured in this run)", "limit", "ratio", "target"));
        out.append("-".repeat(168)).append('\n');
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, "%-9s %-52s %22s %-6s %-34s %10s %7s  %s%n",
                    r.section(), r.figure(), r.shown(), r.unit(), r.limitName(), number(r.limit()),
                    Double.isNaN(r.ratio()) ? "" : String.format(Locale.ROOT, "%.2f", r.ratio()),
                    r.target().isEmpty() ? "" : r.target() + (r.met() == null ? "" : r.met() ? "  MET" : "  MISSED")));
        }
        return out.toString();
    }

    /** The same table as Markdown, for PERFORMANCE.md. */
    String markdown() {
        StringBuilder out = new StringBuilder("| section | figure | median (min-max) | unit | limit (same run) | limit | ratio | target |\n"
                + "| --- | --- | ---: | --- | --- | ---: | ---: | --- |\n");
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n", r.section(),
                    r.figure(), r.shown(), r.unit(), r.limitName(), number(r.limit()),
                    Double.isNaN(r.ratio()) ? "" : String.format(Locale.ROOT, "%.2f", r.ratio()),
                    r.target().isEmpty() ? "" : r.target() + (r.met() == null ? "" : r.met() ? " **met**" : " **missed**")));
        }
        return out.toString();
    }

    void writeJson(Path file) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("facts", facts);
        List<Map<String, Object>> table = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("section", r.section());
            row.put("figure", r.figure());
            row.put("value", finite(r.value()));
            row.put("min", finite(r.spread().min()));
            row.put("max", finite(r.spread().max()));
            row.put("repetitions", r.spread().repetitions());
            row.put("unit", r.unit());
            row.put("limitName", r.limitName());
            row.put("limit", finite(r.limit()));
            row.put("ratio", finite(r.ratio()));
            row.put("target", r.target());
            row.put("met", r.met());
            table.add(row);
        }
        root.put("rows", table);
        root.put("series", series);
        root.put("curve", curve);
        Files.createDirectories(file.getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
    }

    void writeHtml(Path file, String title) throws IOException {
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>")
                .append(title).append("</title><style>body{font-family:sans-serif;margin:2em}"
                        + "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px}"
                        + "td.n{text-align:right}</style></head><body><h1>").append(title).append("</h1><p>");
        facts.forEach((k, v) -> html.append("<b>").append(k).append("</b>: ").append(escape(String.valueOf(v)))
                .append("<br>"));
        html.append("</p>");
        html.append(Curve.svg("Latency against throughput (medians of the repetitions; log scale)", curve));
        html.append(Chart.svg("Throughput per second (from the system's own timestamps)", "events/s",
                Map.of("accepted by HTTP (client)", (long[]) series.get("acceptedPerSecond"),
                        "appended to event store", (long[]) series.get("appendedPerSecond"),
                        "appended to Kafka", (long[]) series.get("publishedPerSecond"),
                        "cards written", (long[]) series.get("cardsPerSecond")),
                List.of("#1f77b4", "#2ca02c", "#ff7f0e", "#d62728"), (List<?>) series.get("phases")));
        html.append(Chart.logSvg("End-to-end latency of the sales made in each second (sale -> card; log scale)", "ms",
                Map.of("p50", (long[]) series.get("endToEndP50Millis"),
                        "p99", (long[]) series.get("endToEndP99Millis")),
                List.of("#1f77b4", "#d62728"), (List<?>) series.get("phases")));
        html.append("<table><tr><th>section</th><th>figure</th><th>median (min-max)</th><th>unit</th><th>limit</th>"
                + "<th>limit value</th><th>ratio</th><th>target</th></tr>");
        for (Row r : rows) {
            html.append("<tr><td>").append(r.section()).append("</td><td>").append(escape(r.figure()))
                    .append("</td><td class=n>").append(r.shown()).append("</td><td>").append(r.unit())
                    .append("</td><td>").append(escape(r.limitName())).append("</td><td class=n>")
                    .append(number(r.limit())).append("</td><td class=n>")
                    .append(Double.isNaN(r.ratio()) ? "" : String.format(Locale.ROOT, "%.2f", r.ratio()))
                    .append("</td><td>").append(escape(r.target()))
                    .append(r.met() == null ? "" : r.met() ? " MET" : " MISSED").append("</td></tr>");
        }
        html.append("</table></body></html>\n");
        Files.writeString(file, html);
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static Object finite(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
