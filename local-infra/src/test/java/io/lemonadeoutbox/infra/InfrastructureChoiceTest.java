package io.lemonadeoutbox.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lemonadeoutbox.infra.InfrastructureChoice.DockerProbe;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

class InfrastructureChoiceTest {

    @AfterEach
    void forgetTheSwitch() {
        System.clearProperty(InfrastructureChoice.SWITCH);
    }

    @Test
    void theSwitchForcesEitherKindWithoutAskingDocker() {
        System.setProperty(InfrastructureChoice.SWITCH, "Embedded ");
        assertThat(InfrastructureChoice.fromEnvironment())
                .isEqualTo(new InfrastructureChoice("embedded", "LEMONADE_INFRA=embedded"));

        System.setProperty(InfrastructureChoice.SWITCH, "testcontainers");
        assertThat(InfrastructureChoice.fromEnvironment().kind()).isEqualTo("testcontainers");

        assertThat(InfrastructureChoice.choose("embedded", docker(Optional.of("unix:///var/run/docker.sock"), true, "")))
                .isEqualTo(new InfrastructureChoice("embedded", "LEMONADE_INFRA=embedded"));
    }

    @Test
    void anUnknownValueFailsLoudly() {
        System.setProperty(InfrastructureChoice.SWITCH, "docker");
        assertThatThrownBy(InfrastructureChoice::fromEnvironment)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("docker");
    }

    @Test
    void anEngineThatAnswersGetsContainers() {
        assertThat(InfrastructureChoice.choose(null, docker(Optional.of("unix:///var/run/docker.sock"), true, "")))
                .isEqualTo(new InfrastructureChoice("testcontainers", "a Docker engine answered"));
    }

    @Test
    void withoutAnEngineTheFallbackSaysThereIsNone() {
        InfrastructureChoice choice = InfrastructureChoice.choose(" ", docker(Optional.empty(), false, "unused"));

        assertThat(choice.kind()).isEqualTo("embedded");
        assertThat(choice.reason()).isEqualTo("no Docker engine found (no DOCKER_HOST, no Docker socket)");
    }

    @Test
    void anEngineTheClientCannotTalkToIsNamedWithTheClientsError() {
        String refused = "Could not find a valid Docker environment; cause: client version 1.32 is too old."
                + " Minimum supported API version is 1.44";
        InfrastructureChoice choice = InfrastructureChoice.choose(null,
                docker(Optional.of("unix:///var/run/docker.sock"), false, refused));

        assertThat(choice.kind()).isEqualTo("embedded");
        assertThat(choice.reason())
                .startsWith("a Docker engine seems to be at unix:///var/run/docker.sock, but Testcontainers' client"
                        + " could not talk to it")
                .contains("Minimum supported API version is 1.44")
                .doesNotContain("no Docker engine");
    }

    @Test
    void theProbeLooksAtTheSocketsDockerClientsUse() {
        assertThat(InfrastructureChoice.TestcontainersProbe.socketCandidates())
                .first().hasToString("/var/run/docker.sock");
    }

    /** 1.21.3 (Boot 3.5.7's) asks for API 1.32, which Docker Engine 29 and later refuse: the root pom pins 1.21.4. */
    @Test
    void theTestcontainersOnTheClassPathTalksToCurrentEngines() {
        String given = DockerClientFactory.class.getPackage().getImplementationVersion();
        assertThat(given).as("Testcontainers' Implementation-Version").isNotNull();
        List<Integer> version = Arrays.stream(given.split("[.-]")).limit(3).map(Integer::valueOf).toList();

        assertThat(version.get(0) * 1_000_000 + version.get(1) * 1_000 + version.get(2))
                .as("Testcontainers " + given + " (1.21.4 fixed talking to Docker Engine 29+: testcontainers-java #11210, #11235)")
                .isGreaterThanOrEqualTo(1_021_004);
    }

    private static DockerProbe docker(Optional<String> endpoint, boolean answered, String failure) {
        return new DockerProbe() {
            @Override
            public Optional<String> engineEndpoint() {
                return endpoint;
            }

            @Override
            public boolean clientAnswered() {
                return answered;
            }

            @Override
            public String clientFailure() {
                return failure;
            }
        };
    }
}
