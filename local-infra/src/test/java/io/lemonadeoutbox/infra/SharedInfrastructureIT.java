package io.lemonadeoutbox.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.lemonadeoutbox.testkit.KafkaTopics;
import io.lemonadeoutbox.testkit.TopicReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

class SharedInfrastructureIT {

    @Test
    void everyCallerInTheJvmGetsTheSameRunningServers() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        Set<Infrastructure> seen;
        try {
            List<Callable<Infrastructure>> calls = IntStream.range(0, 4)
                    .mapToObj(i -> (Callable<Infrastructure>) SharedInfrastructure::get)
                    .toList();
            seen = threads.invokeAll(calls).stream().map(SharedInfrastructureIT::value).collect(Collectors.toSet());
        } finally {
            threads.shutdownNow();
        }
        assertThat(seen).hasSize(1).containsExactly(SharedInfrastructure.get());

        Infrastructure infrastructure = SharedInfrastructure.get();
        assertThat(infrastructure.kind())
                .isEqualTo(DockerClientFactory.instance().isDockerAvailable() ? "testcontainers" : "embedded");
        Postgres postgres = infrastructure.postgres();
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("shared_check"), postgres.username(), postgres.password())) {
            assertThat(connection.isValid(5)).isTrue();
        }
        String bootstrap = infrastructure.kafka().bootstrapServers();
        new KafkaTopics(bootstrap).send("shared.check", "key", "hello");
        assertThat(TopicReader.awaitValues(bootstrap, "shared.check", List.of("hello"))).contains("hello");
    }

    private static Infrastructure value(Future<Infrastructure> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
