package io.lemonadeoutbox.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Everything a run can be told, as {@code -Dbench.<name>=<value>}. Smoke mode shortens every phase to a few seconds
 * so the whole run, start-up included, fits in about a minute and a half.
 *
 * @param clients       concurrencies of the closed model and the raw pipeline (1, 4, 16, 64)
 * @param concurrency   clients of the raw appends, the backlog and the comparison (16)
 * @param repetitions   repetitions of every measured figure (reported as min, median, max)
 * @param openFractions open-model rates as fractions of the highest sustained closed-model rate
 * @param variants      configurations compared side by side in this run, after the main phases
 * @param pipelines     the pipelines under test ({@link PipelineUnderTest#named}), one after the other on the same
 *                      servers and under the same load; with two, every figure is also given side by side
 */
public record BenchSettings(String label, boolean smoke, List<Integer> clients, int concurrency, int repetitions,
                            List<Double> openFractions, Duration limit, Duration window, Duration warmupWindow,
                            Duration warmupMax, Duration backlog, int backlogRepetitions, Duration drainTimeout,
                            List<String> appArgs, List<String> appJvm, List<String> thankyouArgs,
                            List<String> thankyouJvm, boolean jfr, Path lemonadeAppJar, Path thankyouServiceJar,
                            Path output, String externalJdbc, String externalUser, String externalPassword,
                            String externalKafka, List<Variant> variants, List<String> pipelines, List<String> phases,
                            Path peerJar) {

    /** Whether a phase (warmup, limits, raw, closed, open, backlog, compare) runs; all do unless bench.phases says. */
    boolean runs(String phase) {
        return phases.contains(phase);
    }

    /** One configuration of the comparison: extra {@code --key=value} arguments and JVM options for both services. */
    public record Variant(String name, List<String> args, List<String> jvm) {
        static List<Variant> parse(String spec) {
            List<Variant> out = new ArrayList<>();
            for (String part : spec.split("\\|")) {
                if (part.isBlank()) {
                    continue;
                }
                int eq = part.indexOf('=');
                String name = (eq < 0 ? part : part.substring(0, eq)).trim();
                List<String> words = eq < 0 ? List.of() : words(part.substring(eq + 1));
                out.add(new Variant(name, words.stream().filter(w -> w.startsWith("--")).toList(),
                        words.stream().filter(w -> !w.startsWith("--")).toList()));
            }
            return out;
        }
    }

    static BenchSettings from(Properties p, Path projectRoot) {
        boolean smoke = Boolean.parseBoolean(p.getProperty("bench.smoke", "false"));
        return new BenchSettings(
                p.getProperty("bench.label", smoke ? "smoke" : "run"),
                smoke,
                Arrays.stream(p.getProperty("bench.clients", smoke ? "16" : "1,4,16,64").split(","))
                        .map(String::trim).map(Integer::parseInt).toList(),
                Integer.parseInt(p.getProperty("bench.concurrency", "16")),
                Integer.parseInt(p.getProperty("bench.repetitions", "3")),
                Arrays.stream(p.getProperty("bench.open-fractions", smoke ? "0.5" : "0.25,0.5,0.75,0.9").split(","))
                        .map(String::trim).map(Double::parseDouble).toList(),
                seconds(p, "bench.limit-seconds", smoke ? 1 : 5),
                seconds(p, "bench.window-seconds", smoke ? 2 : 10),
                seconds(p, "bench.warmup-window-seconds", smoke ? 2 : 5),
                seconds(p, "bench.warmup-max-seconds", smoke ? 6 : 180),
                seconds(p, "bench.backlog-seconds", smoke ? 3 : 10),
                Integer.parseInt(p.getProperty("bench.backlog-repetitions", smoke ? "1" : "3")),
                seconds(p, "bench.drain-timeout-seconds", smoke ? 60 : 180),
                words(p.getProperty("bench.app-args", "")),
                words(p.getProperty("bench.app-jvm", "")),
                words(p.getProperty("bench.thankyou-args", "")),
                words(p.getProperty("bench.thankyou-jvm", "")),
                Boolean.parseBoolean(p.getProperty("bench.jfr", "false")),
                path(p, "bench.lemonade-app-jar"),
                path(p, "bench.thankyou-service-jar"),
                Path.of(p.getProperty("bench.output", projectRoot.resolve("lemonade-bench/target/bench").toString())),
                p.getProperty("bench.external.jdbc"),
                p.getProperty("bench.external.user", "postgres"),
                p.getProperty("bench.external.password", "postgres"),
                p.getProperty("bench.external.kafka"),
                Variant.parse(p.getProperty("bench.variants", "")),
                Arrays.stream(p.getProperty("bench.pipelines", p.getProperty("bench.pipeline", "axon")).split(","))
                        .map(String::trim).filter(n -> !n.isEmpty()).toList(),
                Arrays.stream(p.getProperty("bench.phases", "warmup,limits,raw,closed,open,backlog,compare").split(","))
                        .map(String::trim).toList(),
                path(p, "bench.lemonade-peer-jar"));
    }

    boolean external() {
        return externalJdbc != null;
    }

    private static Duration seconds(Properties p, String key, int fallback) {
        return Duration.ofSeconds(Long.parseLong(p.getProperty(key, String.valueOf(fallback))));
    }

    private static Path path(Properties p, String key) {
        return p.getProperty(key) == null ? null : Path.of(p.getProperty(key));
    }

    static List<String> words(String value) {
        return Arrays.stream(value.trim().split("\\s+")).filter(w -> !w.isBlank()).toList();
    }
}
