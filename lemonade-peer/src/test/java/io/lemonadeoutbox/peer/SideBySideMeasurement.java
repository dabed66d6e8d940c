package io.lemonadeoutbox.peer;

import io.lemonadeoutbox.infra.FreePorts;
import io.lemonadeoutbox.infra.Infrastructure;
import io.lemonadeoutbox.testkit.services.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A first side-by-side measurement by hand, not a test and not the benchmark (lemonade-bench): lemonade-app and the
 * peer, one after the other on the same PostgreSQL and Kafka, each with its own thankyou-service, under the same
 * closed load (N clients, each POSTs a sale and waits for the answer). Reports sales/s, the POST latency, the
 * end-to-end latency (POST sent until the record is read from the topic) and CPU per sale of the stand's process.
 * The command is in lemonade-peer/README.md ("Side by side by hand").
 */
public final class SideBySideMeasurement {

    private static final Path HOME = Path.of(System.getProperty("lemonade.home", "..")).toAbsolutePath().normalize();
    private static final int CLIENTS = Integer.getInteger("clients", 16);
    private static final Duration WARMUP = Duration.ofSeconds(Long.getLong("warmup", 40));
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("measure", 30));
    private static final int ROUNDS = Integer.getInteger("rounds", 1);

    private SideBySideMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        Infrastructure infra = PeerServers.INFRA;
        System.out.printf("clients=%d warmup=%ds measure=%ds rounds=%d cores=%d%n", CLIENTS, WARMUP.toSeconds(),
                MEASURE.toSeconds(), ROUNDS, Runtime.getRuntime().availableProcessors());
        List<String> results = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            for (String stand : List.of("lemonade-app", "lemonade-peer")) {
                String result = "round " + round + " " + run(infra, stand);
                System.out.println(result);
                results.add(result);
            }
        }
        System.out.println("=== side by side");
        results.forEach(System.out::println);
        System.exit(0);
    }

    private static String run(Infrastructure infra, String stand) throws Exception {
        String name = PeerServers.uniqueName(stand.replace('-', '_'));
        String topic = "lemonade.sales." + name;
        int port = FreePorts.pick();
        String kafka = infra.kafka().bootstrapServers();
        List<String> standArgs = List.of(
                "--server.port=" + port,
                "--spring.datasource.url=" + infra.postgres().jdbcUrl(name),
                "--spring.datasource.username=" + infra.postgres().username(),
                "--spring.datasource.password=" + infra.postgres().password(),
                "--spring.kafka.bootstrap-servers=" + kafka,
                "--lemonade.publishing.topic=" + topic,
                "--operations.users[0].username=operator",
                "--operations.users[0].password=only-for-measuring",
                "--operations.users[0].roles[0]=OPERATOR",
                "--logging.level.root=WARN");
        String jars = System.getProperty("jars");
        Path jar = jars != null ? Path.of(jars, stand + ".jar") : HOME.resolve(stand).resolve("target").resolve(stand + ".jar");
        Process process = start(jar, standArgs, name);
        // its output is dropped (the measurement's own lines stay readable); a failed start reports its last lines
        try (ServiceProcess thankyou = PeerServers.startThankyouService(topic, line -> { })) {
            awaitHealthy(port, process);
            try (TopicLatency latency = new TopicLatency(kafka, topic)) {
                Load load = new Load(port, name, latency);
                load.run(WARMUP);
                latency.reset();
                long cpuBefore = cpuNanos(process);
                Load.Result result = load.run(MEASURE);
                long cpuAfter = cpuNanos(process);
                Thread.sleep(3000);
                double perSecond = result.sales() / (double) MEASURE.toSeconds();
                return String.format("%-13s sales/s=%7.1f  post p50=%5.1f p99=%6.1f ms  end-to-end p50=%6.1f p99=%7.1f"
                                + " ms (%d of %d seen)  cpu/sale=%5.2f ms  errors=%d",
                        stand, perSecond, result.p(0.50), result.p(0.99), latency.p(0.50), latency.p(0.99),
                        latency.count(), result.sales(), (cpuAfter - cpuBefore) / 1e6 / Math.max(1, result.sales()),
                        result.errors());
            }
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static Process start(Path jar, List<String> args, String name) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", jar.toString()));
        command.addAll(args);
        Path log = Files.createTempFile(name + "-", ".log");
        System.out.println("starting " + jar.getFileName() + ", log " + log);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitHealthy(int port, Process process) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the stand exited with " + process.exitValue());
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/health")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the stand was not healthy within 180 s");
    }

    private static long cpuNanos(Process process) {
        return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** POST start times by sale id; the topic reader turns them into end-to-end latencies. */
    private static final class TopicLatency implements AutoCloseable {

        private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
        private final List<Long> latencies = new ArrayList<>();
        private final KafkaConsumer<String, byte[]> consumer;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread reader;

        TopicLatency(String bootstrapServers, String topic) {
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                    new ByteArrayDeserializer());
            reader = new Thread(() -> read(topic), "topic-latency");
            reader.start();
        }

        void sent(String saleId, long nanos) {
            sentAt.put(saleId, nanos);
        }

        private void read(String topic) {
            while (running.get()) {
                var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                if (partitions != null && !partitions.isEmpty()) {
                    var assigned = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
                    consumer.assign(assigned);
                    consumer.seekToEnd(assigned);
                    assigned.forEach(consumer::position);
                    break;
                }
            }
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    Long sent = sentAt.remove(record.key());
                    if (sent != null) {
                        synchronized (latencies) {
                            latencies.add(System.nanoTime() - sent);
                        }
                    }
                }
            }
        }

        void reset() {
            synchronized (latencies) {
                latencies.clear();
            }
        }

        int count() {
            synchronized (latencies) {
                return latencies.size();
            }
        }

        double p(double quantile) {
            synchronized (latencies) {
                return percentile(latencies.stream().mapToLong(Long::longValue).toArray(), quantile);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            reader.join(5000);
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** N clients, each POSTing one sale at a time, for a fixed period. */
    private static final class Load {

        record Result(long sales, long errors, long[] latencies) {
            double p(double quantile) {
                return percentile(latencies, quantile);
            }
        }

        private final int port;
        private final String prefix;
        private final TopicLatency topic;
        private final AtomicLong next = new AtomicLong();
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        Load(int port, String prefix, TopicLatency topic) {
            this.port = port;
            this.prefix = prefix;
            this.topic = topic;
        }

        Result run(Duration period) throws InterruptedException {
            long end = System.nanoTime() + period.toNanos();
            AtomicLong errors = new AtomicLong();
            List<Long> latencies = new ArrayList<>();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                Thread client = new Thread(() -> {
                    List<Long> mine = new ArrayList<>();
                    while (System.nanoTime() < end) {
                        String saleId = prefix + "-" + next.incrementAndGet();
                        long start = System.nanoTime();
                        topic.sent(saleId, start);
                        try {
                            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                                            URI.create("http://localhost:" + port + "/api/sales"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"saleId\":\"" + saleId
                                            + "\",\"customerName\":\"Ada\",\"customerEmail\":\"ada@example.com\","
                                            + "\"cups\":2}"))
                                    .build(), HttpResponse.BodyHandlers.discarding());
                            if (response.statusCode() == 201) {
                                mine.add(System.nanoTime() - start);
                            } else {
                                errors.incrementAndGet();
                            }
                        } catch (IOException e) {
                            errors.incrementAndGet();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    synchronized (latencies) {
                        latencies.addAll(mine);
                    }
                });
                client.start();
                clients.add(client);
            }
            for (Thread client : clients) {
                client.join();
            }
            return new Result(latencies.size(), errors.get(), latencies.stream().mapToLong(Long::longValue).toArray());
        }
    }

    private static double percentile(long[] nanos, double quantile) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
    }
}
