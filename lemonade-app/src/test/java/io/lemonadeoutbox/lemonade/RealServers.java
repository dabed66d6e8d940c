package io.lemonadeoutbox.lemonade;

import io.lemonadeoutbox.infra.Infrastructure;
import io.lemonadeoutbox.infra.SharedInfrastructure;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Points lemonade-app at the real PostgreSQL and Kafka of this test JVM, with its own database and topic. */
public final class RealServers {

    public static final Infrastructure INFRA = SharedInfrastructure.get();
    public static final String OPERATOR = "test-operator";
    public static final String VIEWER = "test-viewer";
    public static final String OPERATOR_PASSWORD = "only-for-tests";

    private RealServers() {
    }

    public static String uniqueName(String prefix) {
        return prefix + "_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }

    public static void register(DynamicPropertyRegistry registry, String name) {
        String database = uniqueName("lemonade_" + name);
        registry.add("spring.datasource.url", () -> INFRA.postgres().jdbcUrl(database));
        registry.add("spring.datasource.username", INFRA.postgres()::username);
        registry.add("spring.datasource.password", INFRA.postgres()::password);
        registry.add("spring.kafka.bootstrap-servers", INFRA.kafka()::bootstrapServers);
        registry.add("lemonade.publishing.topic", () -> "lemonade.sales." + database);
        registry.add("operations.users[0].username", () -> OPERATOR);
        registry.add("operations.users[0].password", () -> OPERATOR_PASSWORD);
        registry.add("operations.users[0].roles[0]", () -> "OPERATOR");
        registry.add("operations.users[1].username", () -> VIEWER);
        registry.add("operations.users[1].password", () -> OPERATOR_PASSWORD);
        registry.add("operations.users[1].roles[0]", () -> "VIEWER");
    }
}
