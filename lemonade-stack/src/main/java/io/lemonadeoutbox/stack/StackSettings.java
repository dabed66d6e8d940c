package io.lemonadeoutbox.stack;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Ports and start-up timeout of the local stack. Each can be given as {@code --postgres-port=5433} or
 * {@code -Dlemonade.postgres-port=5433}. The defaults stay off 5432 and 9092 so a local PostgreSQL or Kafka keeps running.
 */
public record StackSettings(int postgresPort, int kafkaPort, int lemonadeAppPort, int thankyouServicePort,
                            Duration startupTimeout) {

    public static final StackSettings DEFAULTS = new StackSettings(5433, 9093, 8080, 8081, Duration.ofSeconds(240));

    public static StackSettings from(String[] args, Properties systemProperties) {
        Map<String, String> given = new HashMap<>();
        systemProperties.stringPropertyNames().stream()
                .filter(key -> key.startsWith("lemonade."))
                .forEach(key -> given.put(key.substring("lemonade.".length()), systemProperties.getProperty(key)));
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("unknown argument " + arg + "; " + usage());
            }
            given.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return new StackSettings(
                number(given, "postgres-port", DEFAULTS.postgresPort),
                number(given, "kafka-port", DEFAULTS.kafkaPort),
                number(given, "lemonade-app-port", DEFAULTS.lemonadeAppPort),
                number(given, "thankyou-service-port", DEFAULTS.thankyouServicePort),
                Duration.ofSeconds(number(given, "startup-timeout-seconds", (int) DEFAULTS.startupTimeout.toSeconds())));
    }

    public static String usage() {
        return "options: --postgres-port=" + DEFAULTS.postgresPort + " --kafka-port=" + DEFAULTS.kafkaPort
                + " --lemonade-app-port=" + DEFAULTS.lemonadeAppPort
                + " --thankyou-service-port=" + DEFAULTS.thankyouServicePort
                + " --startup-timeout-seconds=" + DEFAULTS.startupTimeout.toSeconds()
                + " (or the same as -Dlemonade.<name>=<value>)";
    }

    private static int number(Map<String, String> given, String name, int fallback) {
        String value = given.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, was '" + value + "'; " + usage());
        }
    }
}
