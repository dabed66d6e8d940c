package io.lemonadeoutbox.peer;

import io.lemonadeoutbox.infra.FreePorts;
import io.lemonadeoutbox.infra.Infrastructure;
import io.lemonadeoutbox.infra.SharedInfrastructure;
import io.lemonadeoutbox.testkit.services.LemonadeServices;
import io.lemonadeoutbox.testkit.services.Operator;
import io.lemonadeoutbox.testkit.services.ProjectLayout;
import io.lemonadeoutbox.testkit.services.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Points the peer at the real PostgreSQL and Kafka of this test JVM, with its own database and topic. */
public final class PeerServers {

    public static final Infrastructure INFRA = SharedInfrastructure.get();

    private PeerServers() {
    }

    public static String uniqueName(String prefix) {
        return prefix + "_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }

    /** Registers a fresh database and topic; returns the topic. */
    public static String register(DynamicPropertyRegistry registry, String name) {
        String database = uniqueName("peer_" + name);
        String topic = "lemonade.sales." + database;
        registry.add("spring.datasource.url", () -> INFRA.postgres().jdbcUrl(database));
        registry.add("spring.datasource.username", INFRA.postgres()::username);
        registry.add("spring.datasource.password", INFRA.postgres()::password);
        registry.add("spring.kafka.bootstrap-servers", INFRA.kafka()::bootstrapServers);
        registry.add("lemonade.publishing.topic", () -> topic);
        return topic;
    }

    /**
     * The real, unchanged thankyou-service jar built in this work tree ({@code -Dthankyou.jar=} another), started as
     * every module starts it (test-kit's launcher, with the JVM options the stack gives it), consuming {@code topic}
     * into a database and consumer group of its own. Returns once it is healthy; close it to stop it.
     */
    public static ServiceProcess startThankyouService(String topic, Consumer<String> output) {
        String given = System.getProperty("thankyou.jar");
        Path jar = given != null ? Path.of(given).toAbsolutePath().normalize()
                : ProjectLayout.detect().thankyouServiceJar();
        String database = uniqueName("thankyou_peer");
        ServiceProcess thankyou = new ServiceProcess(LemonadeServices.THANKYOU_SERVICE, jar, FreePorts.pick(),
                LemonadeServices.THANKYOU_SERVICE_JVM, output);
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + INFRA.postgres().jdbcUrl(database),
                "--spring.datasource.username=" + INFRA.postgres().username(),
                "--spring.datasource.password=" + INFRA.postgres().password(),
                "--spring.kafka.bootstrap-servers=" + INFRA.kafka().bootstrapServers(),
                "--spring.kafka.consumer.group-id=" + database,
                "--thankyou.topic=" + topic,
                "--thankyou.dead-letter-topic=" + topic + ".DLT"));
        args.addAll(Operator.generate().serviceArgs());
        thankyou.start(args);
        try {
            thankyou.awaitHealthy(Duration.ofSeconds(120));
        } catch (RuntimeException e) {
            thankyou.kill();
            throw e;
        }
        return thankyou;
    }
}
