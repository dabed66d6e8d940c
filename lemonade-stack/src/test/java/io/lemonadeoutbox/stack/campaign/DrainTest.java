package io.lemonadeoutbox.stack.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The report says a lag reached 0 only when it did. */
class DrainTest {

    @Test
    void aDrainedPipelineSaysHowLongItTook() {
        assertThat(new Drain(0, 1_500).describe()).isEqualTo("after healing 0 within 1.5 s");
    }

    @Test
    void aLagThatStayedSaysWhereItStayed() {
        assertThat(new Drain(69, 20_000).describe()).isEqualTo("after healing still 69 after 20.0 s of waiting");
        assertThat(new Drain(-1, 180_000).describe()).isEqualTo("after healing still unmeasured after 180.0 s of waiting");
    }
}
