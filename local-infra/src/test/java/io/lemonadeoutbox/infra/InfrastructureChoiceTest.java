package io.lemonadeoutbox.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
    }

    @Test
    void anUnknownValueFailsLoudly() {
        System.setProperty(InfrastructureChoice.SWITCH, "docker");
        assertThatThrownBy(InfrastructureChoice::fromEnvironment)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("docker");
    }
}
