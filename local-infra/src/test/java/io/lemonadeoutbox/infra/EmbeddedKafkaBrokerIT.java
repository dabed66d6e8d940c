package io.lemonadeoutbox.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lemonadeoutbox.testkit.KafkaTopics;
import io.lemonadeoutbox.testkit.TopicReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {

    private static final String TOPIC = "restart.check";

    @TempDir
    Path logs;

    @Test
    void stopRefusesClientsAndStartKeepsTheRecords() throws Exception {
        long started = System.nanoTime();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(logs, 0)) {
            report("first start", started);
            String bootstrap = broker.bootstrapServers();
            new KafkaTopics(bootstrap).send(TOPIC, "sale-1", "before-stop");

            broker.stop();

            assertThatThrownBy(() -> connect(bootstrap)).isInstanceOf(ConnectException.class);
            assertThatThrownBy(() -> new KafkaTopics(bootstrap, Duration.ofMillis(1500))
                    .send(TOPIC, "sale-2", "while-stopped"))
                    .hasRootCauseInstanceOf(TimeoutException.class);

            long restarted = System.nanoTime();
            broker.start();
            report("restart", restarted);

            assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
            new KafkaTopics(bootstrap).send(TOPIC, "sale-3", "after-restart");
            assertThat(TopicReader.awaitValues(bootstrap, TOPIC, List.of("before-stop", "after-restart")))
                    .containsExactlyInAnyOrder("before-stop", "after-restart");
        }
    }

    private static void connect(String bootstrap) throws Exception {
        String[] hostAndPort = bootstrap.split(":");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostAndPort[0], Integer.parseInt(hostAndPort[1])), 2000);
        }
    }

    private static void report(String what, long startedNanos) {
        System.out.printf("Embedded Kafka %s took %d ms%n", what, (System.nanoTime() - startedNanos) / 1_000_000);
    }
}
