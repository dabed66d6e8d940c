package io.lemonadeoutbox.infra;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Apache Kafka 3.9.1 in Docker on a fixed host port. The advertised listener is written into the container's
 * start script with the host port at first start; docker stop/start runs the same script, so the port is fixed
 * for the container's life and its log directory (inside the container) is kept.
 */
final class KafkaContainer39 implements Kafka, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaContainer39.class);
    private static final int KAFKA_PORT = 9092;

    private final KafkaContainer container;
    private boolean running;

    private KafkaContainer39(int hostPort) {
        this.container = new KafkaContainer("apache/kafka:3.9.1")
                .withEnv("KAFKA_NUM_PARTITIONS", "3")
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "true")
                .withEnv("KAFKA_MIN_INSYNC_REPLICAS", "1")
                .withCreateContainerCmdModifier(DockerContainers.publish(KAFKA_PORT, hostPort));
    }

    static KafkaContainer39 launch() {
        KafkaContainer39 kafka = new KafkaContainer39(FreePorts.pick());
        long started = System.nanoTime();
        kafka.container.start();
        kafka.running = true;
        log.info("Kafka 3.9.1 container started at {} in {} ms",
                kafka.bootstrapServers(), (System.nanoTime() - started) / 1_000_000);
        return kafka;
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public synchronized void stop() {
        if (running) {
            DockerContainers.stopKeepingData(container);
            running = false;
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        DockerContainers.startAgain(container);
        Await.until("Kafka container", Duration.ofSeconds(60), this::answers);
        running = true;
    }

    @Override
    public synchronized void close() {
        container.stop();
        running = false;
    }

    private boolean answers() {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        try (Admin admin = Admin.create(config)) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (ExecutionException | TimeoutException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
