package io.lemonadeoutbox.peer;

import io.lemonadeoutbox.infra.Infrastructure;
import io.lemonadeoutbox.infra.SharedInfrastructure;
import java.util.concurrent.ThreadLocalRandom;
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
}
