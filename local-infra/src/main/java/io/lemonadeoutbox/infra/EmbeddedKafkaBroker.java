package io.lemonadeoutbox.infra;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka 3.9 KRaft server (broker and controller in one) inside this JVM. Stopping it closes its sockets;
 * starting it again runs a new server on the same ports and log directory, so topics and records survive.
 */
final class EmbeddedKafkaBroker implements Kafka, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final Path logDirectory;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(Path logDirectory, int port, int controllerPort) {
        this.logDirectory = logDirectory;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** Formats the log directory on first use; the controller gets a free port (clients never see it). */
    static EmbeddedKafkaBroker start(Path logDirectory, int port) {
        return start(logDirectory, FreePorts.orPick(port), FreePorts.pick());
    }

    static EmbeddedKafkaBroker start(Path logDirectory, int port, int controllerPort) {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(logDirectory, port, controllerPort);
        broker.start();
        return broker;
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            return;
        }
        long started = System.nanoTime();
        KafkaConfig config = KafkaConfig.fromProps(serverProperties(), false);
        formatOnce();
        KafkaRaftServer starting = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            starting.startup();
        } catch (RuntimeException e) {
            starting.shutdown();
            starting.awaitShutdown();
            throw new IllegalStateException("embedded Kafka did not start on port " + port, e);
        }
        server = starting;
        log.info("Embedded Kafka 3.9 broker started on localhost:{} in {} ms (logs in {})",
                port, (System.nanoTime() - started) / 1_000_000, logDirectory);
    }

    @Override
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        long stopping = System.nanoTime();
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            server = null;
        }
        log.info("Embedded Kafka broker on localhost:{} stopped in {} ms", port, (System.nanoTime() - stopping) / 1_000_000);
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    private Properties serverProperties() {
        Properties properties = new Properties();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", String.valueOf(NODE_ID));
        properties.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        properties.put("listeners", "PLAINTEXT://localhost:" + port + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
        properties.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        properties.put("controller.listener.names", CONTROLLER_LISTENER);
        properties.put("inter.broker.listener.name", "PLAINTEXT");
        properties.put("log.dirs", logDirectory.toString());
        properties.put("num.partitions", "3");
        properties.put("auto.create.topics.enable", "true");
        properties.put("default.replication.factor", "1");
        properties.put("min.insync.replicas", "1");
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("offsets.topic.num.partitions", "5");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("transaction.state.log.num.partitions", "5");
        properties.put("group.initial.rebalance.delay.ms", "0");
        properties.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        return properties;
    }

    private void formatOnce() {
        if (Files.exists(logDirectory.resolve("meta.properties"))) {
            return;
        }
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(logDirectory.toString())
                    .addDirectory(logDirectory.toString())
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("could not format Kafka log directory " + logDirectory, e);
        }
    }
}
