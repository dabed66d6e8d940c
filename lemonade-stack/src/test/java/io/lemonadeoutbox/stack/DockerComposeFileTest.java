package io.lemonadeoutbox.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lemonadeoutbox.testkit.services.ProjectLayout;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/** No Docker engine here, so the compose file and the Dockerfile are checked for wiring mistakes statically. */
class DockerComposeFileTest {

    private static final Path ROOT = ProjectLayout.detect().root();
    private static final String DOCKERFILE = "docker/service.Dockerfile";
    private static final Map<String, String> TOPIC_VARIABLES = Map.of(
            "lemonade-app", "LEMONADE_PUBLISHING_TOPIC",
            "thankyou-service", "THANKYOU_TOPIC");

    private final Map<String, Object> compose = load(ROOT.resolve("docker-compose.yml"));
    private final Map<String, Map<String, Object>> services = section(compose, "services");

    @Test
    void declaresTheInfrastructureAndBothServices() {
        assertThat(services).containsKeys("postgres", "kafka", "lemonade-app", "thankyou-service");
        assertThat(services.get("postgres").get("image")).isEqualTo("postgres:17");
        assertThat(services.get("kafka").get("image")).isEqualTo("apache/kafka:3.9.1");
        assertThat(String.valueOf(services.get("postgres").get("command"))).contains("transaction_timeout=30s");
    }

    @Test
    void everyServiceHasAHealthcheck() {
        services.forEach((name, service) -> {
            Map<String, Object> healthcheck = section(service, "healthcheck");
            assertThat(healthcheck).as(name + " healthcheck").isNotEmpty();
            assertThat(String.valueOf(healthcheck.get("test"))).as(name + " healthcheck test").isNotBlank();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"lemonade-app", "thankyou-service"})
    void aServiceStartsOnlyOnceItsInfrastructureIsHealthy(String name) {
        Map<String, Map<String, Object>> dependsOn = section(services.get(name), "depends_on");
        assertThat(dependsOn).containsKeys("postgres", "kafka");
        dependsOn.forEach((dependency, condition) ->
                assertThat(condition.get("condition")).as(name + " -> " + dependency).isEqualTo("service_healthy"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lemonade-app", "thankyou-service"})
    void aServiceReachesPostgresByServiceNameAndContainerPort(String name) throws IOException {
        Map<String, String> env = environment(services.get(name));
        URI jdbc = URI.create(env.get("SPRING_DATASOURCE_URL").substring("jdbc:".length()));

        assertThat(jdbc.getScheme()).isEqualTo("postgresql");
        assertThat(services).as("a compose service named " + jdbc.getHost()).containsKey(jdbc.getHost());
        assertThat(String.valueOf(services.get(jdbc.getHost()).get("image"))).startsWith("postgres:");
        assertThat(containerPorts(services.get(jdbc.getHost()))).contains(jdbc.getPort());

        String database = jdbc.getPath().substring(1);
        String user = env.get("SPRING_DATASOURCE_USERNAME");
        String initSql = Files.readString(ROOT.resolve("docker/postgres/init.sql"));
        assertThat(initSql)
                .contains("CREATE USER " + user + " WITH PASSWORD '" + env.get("SPRING_DATASOURCE_PASSWORD") + "'")
                .contains("CREATE DATABASE " + database + " OWNER " + user);
        assertThat(volumes(services.get(jdbc.getHost())))
                .anyMatch(volume -> volume.startsWith("./docker/postgres/init.sql:/docker-entrypoint-initdb.d/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lemonade-app", "thankyou-service"})
    void aServiceReachesKafkaOnTheListenerAdvertisedForTheNetwork(String name) {
        String bootstrap = environment(services.get(name)).get("SPRING_KAFKA_BOOTSTRAP_SERVERS");
        String host = bootstrap.substring(0, bootstrap.indexOf(':'));
        int port = Integer.parseInt(bootstrap.substring(bootstrap.indexOf(':') + 1));

        assertThat(services).as("a compose service named " + host).containsKey(host);
        Map<String, String> kafka = environment(services.get(host));
        assertThat(String.valueOf(services.get(host).get("image"))).startsWith("apache/kafka:");
        String listener = listenerAdvertisedAs(kafka.get("KAFKA_ADVERTISED_LISTENERS"), bootstrap);
        assertThat(kafka.get("KAFKA_LISTENERS")).contains(listener + "://:" + port);
    }

    @Test
    void kafkaIsReachableFromTheHostOnThePortItAdvertisesThere() {
        Map<String, String> kafka = environment(services.get("kafka"));
        String listener = listenerAdvertisedAs(kafka.get("KAFKA_ADVERTISED_LISTENERS"), "localhost:9093");
        Matcher bound = Pattern.compile(listener + "://:(\\d+)").matcher(kafka.get("KAFKA_LISTENERS"));

        assertThat(bound.find()).as(listener + " in KAFKA_LISTENERS").isTrue();
        assertThat(portMappings(services.get("kafka"))).contains("9093:" + bound.group(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lemonade-app", "thankyou-service"})
    void aServiceIsPublishedAndCheckedOnTheServerPortOfItsApplicationYml(String name) throws IOException {
        Path applicationYml = ROOT.resolve(name + "/src/main/resources/application.yml");
        assumeTrue(Files.exists(applicationYml), applicationYml + " does not exist yet");
        int serverPort = ((Number) section(load(applicationYml), "server").get("port")).intValue();

        assertThat(containerPorts(services.get(name))).containsExactly(serverPort);
        assertThat(String.valueOf(section(services.get(name), "healthcheck").get("test")))
                .contains("localhost:" + serverPort + "/actuator/health");
        Dockerfile dockerfile = dockerfileBuiltFor(name);
        assertThat(dockerfile.finalStage()).contains("EXPOSE " + serverPort);
        assertThat(dockerfile.finalStage()).anyMatch(line ->
                line.startsWith("HEALTHCHECK") && line.contains("localhost:" + serverPort + "/actuator/health"));
    }

    @Test
    void theServicesShareTheTopicsOfTheWireContract() throws IOException {
        TOPIC_VARIABLES.forEach((name, variable) ->
                assertThat(environment(services.get(name)).get(variable)).as(name + " " + variable)
                        .isEqualTo("lemonade.sales"));
        assertThat(environment(services.get("thankyou-service")).get("THANKYOU_DEAD_LETTER_TOPIC"))
                .isEqualTo("lemonade.sales.DLT");

        Map<String, String> configured = new LinkedHashMap<>();
        configured.put("lemonade-app:lemonade.publishing.topic", "lemonade.sales");
        configured.put("thankyou-service:thankyou.topic", "lemonade.sales");
        configured.put("thankyou-service:thankyou.dead-letter-topic", "lemonade.sales.DLT");
        for (Map.Entry<String, String> expected : configured.entrySet()) {
            String module = expected.getKey().substring(0, expected.getKey().indexOf(':'));
            String property = expected.getKey().substring(module.length() + 1);
            Path applicationYml = ROOT.resolve(module + "/src/main/resources/application.yml");
            if (Files.exists(applicationYml)) {
                assertThat(property(load(applicationYml), property)).as(module + " " + property)
                        .isEqualTo(expected.getValue());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lemonade-app", "thankyou-service"})
    void aServiceIsBuiltFromThisRepositoryWithTheServiceDockerfileForItsModule(String name) {
        Map<String, Object> build = section(services.get(name), "build");
        assertThat(build.get("context")).isEqualTo(".");
        assertThat(build.get("dockerfile")).isEqualTo(DOCKERFILE);
        assertThat(buildArgs(name)).containsEntry("MODULE", name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lemonade-app", "thankyou-service"})
    void theDockerfileBuildsWithTheJdkAndRunsOnTheJreAsANonRootUser(String name) throws IOException {
        Dockerfile dockerfile = dockerfileBuiltFor(name);

        assertThat(dockerfile.stages()).as("multi-stage").hasSizeGreaterThanOrEqualTo(2);
        assertThat(dockerfile.stages().get(0).get(0)).startsWith("FROM eclipse-temurin:17-jdk AS ");
        assertThat(dockerfile.finalStage().get(0)).isEqualTo("FROM eclipse-temurin:17-jre");
        assertThat(dockerfile.finalStage()).anyMatch(line -> line.startsWith("HEALTHCHECK "));
        assertThat(dockerfile.finalStage())
                .anyMatch(line -> line.startsWith("COPY --from=") && line.contains(name + "/target/" + name + ".jar"));
        assertThat(dockerfile.stages().get(0)).anyMatch(line -> line.contains("./mvnw")
                && (line.contains("-pl " + name + " ") || line.contains("-pl \"" + name + "\" ")));

        List<String> users = dockerfile.finalStage().stream().filter(line -> line.startsWith("USER ")).toList();
        assertThat(users).as("USER in the final stage").isNotEmpty();
        String user = users.get(users.size() - 1).substring("USER ".length()).trim();
        assertThat(user).isNotIn("root", "0", "0:0");
    }

    @Test
    void theBuildContextLeavesOutBuildOutputAndLocalData() throws IOException {
        List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore"));
        assertThat(ignored).contains("**/target/", ".local-stack/", ".git/");
    }

    private Dockerfile dockerfileBuiltFor(String name) throws IOException {
        return Dockerfile.read(ROOT.resolve(DOCKERFILE), buildArgs(name));
    }

    private Map<String, String> buildArgs(String name) {
        Map<String, String> args = new LinkedHashMap<>();
        section(section(services.get(name), "build"), "args").forEach((key, value) -> args.put(key, String.valueOf(value)));
        return args;
    }

    private static Map<String, Object> load(Path file) {
        try {
            return new Yaml().load(Files.readString(file));
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> Map<String, T> section(Map<String, ?> parent, String key) {
        Object value = parent.get(key);
        return value instanceof Map<?, ?> map ? (Map<String, T>) map : Map.of();
    }

    private static Object property(Map<String, Object> yaml, String dottedName) {
        Object current = yaml;
        for (String part : dottedName.split("\\.")) {
            current = current instanceof Map<?, ?> map ? map.get(part) : null;
        }
        return current;
    }

    /** {@code environment:} as a map or as a list of KEY=value. */
    private static Map<String, String> environment(Map<String, Object> service) {
        Object environment = service.get("environment");
        Map<String, String> variables = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> map) {
            map.forEach((key, value) -> variables.put(String.valueOf(key), String.valueOf(value)));
        } else if (environment instanceof List<?> list) {
            list.stream().map(String::valueOf).forEach(entry ->
                    variables.put(entry.substring(0, entry.indexOf('=')), entry.substring(entry.indexOf('=') + 1)));
        }
        return variables;
    }

    private static List<String> portMappings(Map<String, Object> service) {
        Object ports = service.get("ports");
        return ports instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    /** The container side of each {@code host:container} mapping. */
    private static List<Integer> containerPorts(Map<String, Object> service) {
        return portMappings(service).stream()
                .map(mapping -> mapping.substring(mapping.lastIndexOf(':') + 1).replace("/tcp", ""))
                .map(Integer::parseInt)
                .toList();
    }

    private static List<String> volumes(Map<String, Object> service) {
        Object volumes = service.get("volumes");
        return volumes instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    /** The listener name whose advertised address is {@code hostAndPort}, e.g. INTERNAL for kafka:9092. */
    private static String listenerAdvertisedAs(String advertisedListeners, String hostAndPort) {
        for (String listener : advertisedListeners.split(",")) {
            if (listener.trim().endsWith("://" + hostAndPort)) {
                return listener.trim().substring(0, listener.trim().indexOf("://"));
            }
        }
        throw new AssertionError(hostAndPort + " is not among the advertised listeners " + advertisedListeners);
    }

    /**
     * Instructions grouped by stage, continuation lines joined, comments dropped, and each reference to an ARG or ENV
     * declared in the same stage replaced by its value, as the builder (or, for RUN and HEALTHCHECK, the shell) would
     * see it. A reference the stage does not declare stays as written, so an assertion on the value fails.
     */
    private record Dockerfile(List<List<String>> stages) {

        private static final Pattern REFERENCE = Pattern.compile("\\$\\{(\\w+)(?::?[-+?][^}]*)?}|\\$(\\w+)");
        private static final Pattern DECLARATION = Pattern.compile("(ARG|ENV) (\\w+)(?:=(.*))?");

        static Dockerfile read(Path file, Map<String, String> buildArgs) throws IOException {
            List<List<String>> stages = new ArrayList<>();
            Map<String, String> inScope = new LinkedHashMap<>();
            StringBuilder instruction = new StringBuilder();
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.trim();
                if (trimmed.startsWith("#") || (trimmed.isEmpty() && instruction.isEmpty())) {
                    continue;
                }
                boolean continues = trimmed.endsWith("\\");
                instruction.append(continues ? trimmed.substring(0, trimmed.length() - 1).trim() + " " : trimmed);
                if (!continues) {
                    String complete = instruction.toString().trim();
                    instruction.setLength(0);
                    if (complete.startsWith("FROM ")) {
                        stages.add(new ArrayList<>());
                        inScope.clear();
                    }
                    assertThat(stages).as("an instruction before the first FROM in " + file).isNotEmpty();
                    String resolved = resolve(complete, inScope);
                    declare(resolved, buildArgs, inScope);
                    stages.get(stages.size() - 1).add(resolved);
                }
            }
            return new Dockerfile(stages);
        }

        private static String resolve(String instruction, Map<String, String> inScope) {
            return REFERENCE.matcher(instruction).replaceAll(reference -> {
                String name = reference.group(1) != null ? reference.group(1) : reference.group(2);
                return Matcher.quoteReplacement(inScope.getOrDefault(name, reference.group()));
            });
        }

        private static void declare(String instruction, Map<String, String> buildArgs, Map<String, String> inScope) {
            Matcher declaration = DECLARATION.matcher(instruction);
            if (!declaration.matches()) {
                return;
            }
            String value = declaration.group(1).equals("ARG")
                    ? buildArgs.getOrDefault(declaration.group(2), declaration.group(3))
                    : declaration.group(3);
            if (value != null) {
                inScope.put(declaration.group(2), value);
            }
        }

        List<String> finalStage() {
            return stages.get(stages.size() - 1);
        }
    }
}
