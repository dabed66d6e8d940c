package io.lemonadeoutbox.infra;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/** Containers when a Docker engine answers, embedded servers otherwise; LEMONADE_INFRA overrides the guess. */
record InfrastructureChoice(String kind, String reason) {

    static final String SWITCH = "LEMONADE_INFRA";
    private static final String TESTCONTAINERS = "testcontainers";
    private static final String EMBEDDED = "embedded";
    private static final Logger log = LoggerFactory.getLogger(InfrastructureChoice.class);

    static InfrastructureChoice fromEnvironment() {
        String forced = System.getProperty(SWITCH, System.getenv(SWITCH));
        if (forced != null && !forced.isBlank()) {
            String kind = forced.trim().toLowerCase(Locale.ROOT);
            if (!kind.equals(TESTCONTAINERS) && !kind.equals(EMBEDDED)) {
                throw new IllegalArgumentException(SWITCH + " must be 'embedded' or 'testcontainers', was '" + forced + "'");
            }
            return new InfrastructureChoice(kind, SWITCH + "=" + kind);
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            return new InfrastructureChoice(TESTCONTAINERS, "a Docker engine answered");
        }
        return new InfrastructureChoice(EMBEDDED, "no Docker engine answered");
    }

    Infrastructure start() {
        if (kind.equals(TESTCONTAINERS)) {
            log.info("Using PostgreSQL 17 and Kafka 3.9.1 in Docker containers (Testcontainers): {}", reason);
            return ContainerInfrastructure.start();
        }
        log.info("Using embedded PostgreSQL 17 and Kafka 3.9.1 in this JVM: {} (set {}=testcontainers|embedded to choose)",
                reason, SWITCH);
        return EmbeddedInfrastructure.start(EmbeddedSettings.throwaway());
    }
}
