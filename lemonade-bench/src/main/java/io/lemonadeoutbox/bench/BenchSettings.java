package io.lemonadeoutbox.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Everything a run can be told, as {@code -Dbench.<name>=<value>}. Smoke mode shortens every phase to a few seconds
 * so the whole run, start-up included, fits in about a minute.
 *
 * @param concurrency   clients for the closed model, the raw append limit and the backlog appends
 * @param openRate      sales/s for the open model; 0 means half of what the closed model sustained
 * @param appArgs       extra {@code --key=value} arguments for lemonade-app (the tuning knobs)
 * @param appJvm        extra JVM options for lemonade-app
 * @param thankyouArgs  extra {@code --key=value} arguments for thankyou-service
 * @param externalJdbc  a JDBC URL prefix such as {@code jdbc:postgresql://db:5432/} to use an existing PostgreSQL
 *                      instead of the embedded one (Kafka must then be external too; the backlog phase is skipped)
 */
public record BenchSettings(String label, boolean smoke, int concurrency, double openRate,
                            Duration limit, Duration warmup, Duration closed, Duration open, Duration backlog,
                            Duration drainTimeout, List<String> appArgs, List<String> appJvm, List<String> thankyouArgs,
                            List<String> thankyouJvm, boolean jfr, Path lemonadeAppJar, Path thankyouServiceJar, Path output,
                            String externalJdbc, String externalUser, String externalPassword, String externalKafka) {

    static BenchSettings from(Properties p, Path projectRoot) {
        boolean smoke = Boolean.parseBoolean(p.getProperty("bench.smoke", "false"));
        return new BenchSettings(
                p.getProperty("bench.label", smoke ? "smoke" : "run"),
                smoke,
                Integer.parseInt(p.getProperty("bench.concurrency", "16")),
                Double.parseDouble(p.getProperty("bench.open-rate", "0")),
                seconds(p, "bench.limit-seconds", smoke ? 1 : 8),
                seconds(p, "bench.warmup-seconds", smoke ? 2 : 10),
                seconds(p, "bench.closed-seconds", smoke ? 4 : 30),
                seconds(p, "bench.open-seconds", smoke ? 4 : 30),
                seconds(p, "bench.backlog-seconds", smoke ? 3 : 15),
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
                p.getProperty("bench.external.kafka"));
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

    private static List<String> words(String value) {
        return Arrays.stream(value.trim().split("\\s+")).filter(w -> !w.isBlank()).toList();
    }
}
