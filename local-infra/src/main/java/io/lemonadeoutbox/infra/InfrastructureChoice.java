package io.lemonadeoutbox.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Containers when a Docker engine answers, embedded servers otherwise; LEMONADE_INFRA overrides the guess. When it
 * falls back it says why: no engine to be found, or an engine that Testcontainers' client could not talk to (an old
 * docker-java against a newer engine's minimum API version, a socket without permission), with the client's error.
 */
record InfrastructureChoice(String kind, String reason) {

    static final String SWITCH = "LEMONADE_INFRA";
    static final String TESTCONTAINERS = "testcontainers";
    static final String EMBEDDED = "embedded";
    private static final Logger log = LoggerFactory.getLogger(InfrastructureChoice.class);

    /** What can be known about Docker on this machine without starting anything. */
    interface DockerProbe {
        /** Where an engine seems to listen: DOCKER_HOST, or a Docker socket that exists. */
        Optional<String> engineEndpoint();

        /** Whether Testcontainers' client talked to it. */
        boolean clientAnswered();

        /** Why the client could not, as Testcontainers reports it. */
        String clientFailure();
    }

    static InfrastructureChoice fromEnvironment() {
        return choose(System.getProperty(SWITCH, System.getenv(SWITCH)), new TestcontainersProbe());
    }

    static InfrastructureChoice choose(String forced, DockerProbe docker) {
        if (forced != null && !forced.isBlank()) {
            String kind = forced.trim().toLowerCase(Locale.ROOT);
            if (!kind.equals(TESTCONTAINERS) && !kind.equals(EMBEDDED)) {
                throw new IllegalArgumentException(SWITCH + " must be 'embedded' or 'testcontainers', was '" + forced + "'");
            }
            return new InfrastructureChoice(kind, SWITCH + "=" + kind);
        }
        if (docker.clientAnswered()) {
            return new InfrastructureChoice(TESTCONTAINERS, "a Docker engine answered");
        }
        return new InfrastructureChoice(EMBEDDED, docker.engineEndpoint()
                .map(endpoint -> "a Docker engine seems to be at " + endpoint
                        + ", but Testcontainers' client could not talk to it (" + docker.clientFailure() + ")")
                .orElse("no Docker engine found (no DOCKER_HOST, no Docker socket)"));
    }

    Infrastructure start() {
        if (kind.equals(TESTCONTAINERS)) {
            log.info("Using PostgreSQL 17 and Kafka 3.9.1 in Docker containers (Testcontainers): {}", reason);
            return ContainerInfrastructure.start();
        }
        if (reason.startsWith("a Docker engine seems")) {
            log.warn("Using embedded PostgreSQL 17 and Kafka 3.9.1 in this JVM: {} (set {}=testcontainers|embedded"
                    + " to choose)", reason, SWITCH);
        } else {
            log.info("Using embedded PostgreSQL 17 and Kafka 3.9.1 in this JVM: {} (set {}=testcontainers|embedded"
                    + " to choose)", reason, SWITCH);
        }
        return EmbeddedInfrastructure.start(EmbeddedSettings.throwaway());
    }

    /** Asks Testcontainers, and looks where Docker's clients look for an engine. */
    static final class TestcontainersProbe implements DockerProbe {

        @Override
        public Optional<String> engineEndpoint() {
            String dockerHost = System.getenv("DOCKER_HOST");
            if (dockerHost != null && !dockerHost.isBlank()) {
                return Optional.of("DOCKER_HOST=" + dockerHost);
            }
            return socketCandidates().stream().filter(Files::exists).findFirst().map(socket -> "unix://" + socket);
        }

        @Override
        public boolean clientAnswered() {
            return DockerClientFactory.instance().isDockerAvailable();
        }

        @Override
        public String clientFailure() {
            try {
                DockerClientFactory.instance().client();
                return "it answered on a second try";
            } catch (RuntimeException e) {
                Throwable deepest = e;
                while (deepest.getCause() != null && deepest.getCause() != deepest) {
                    deepest = deepest.getCause();
                }
                return e.getMessage() + (deepest == e ? "" : "; cause: " + deepest);
            }
        }

        static List<Path> socketCandidates() {
            List<Path> candidates = new ArrayList<>(List.of(Path.of("/var/run/docker.sock")));
            String home = System.getProperty("user.home");
            if (home != null) {
                candidates.add(Path.of(home, ".docker", "run", "docker.sock"));
                candidates.add(Path.of(home, ".docker", "desktop", "docker.sock"));
            }
            String runtime = System.getenv("XDG_RUNTIME_DIR");
            if (runtime != null) {
                candidates.add(Path.of(runtime, "docker.sock"));
            }
            return candidates;
        }
    }
}
