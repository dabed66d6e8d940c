package io.lemonadeoutbox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** When the warm-up calls a rate stable, and the min/median/max every figure is reported with. */
class WarmUpTest {

    @Test
    void aRateStillClimbingIsNotStable() {
        // the cmp-shipped warm-up of run full1: three windows within 10 % while the JIT still climbed
        assertThat(WarmUp.stable(List.of(58.0, 49.3, 43.4, 50.3, 68.9, 70.6, 89.3, 95.6, 97.0))).isFalse();
        assertThat(WarmUp.stable(List.of(100.0, 103.0, 106.0, 109.0))).isFalse();
    }

    @Test
    void fourWindowsCloseTogetherAndNotClimbingAreStable() {
        assertThat(WarmUp.stable(List.of(20.0, 80.0, 160.0, 161.0, 152.0, 164.0))).isTrue();
        assertThat(WarmUp.stable(List.of(160.0, 161.0, 164.0))).as("too few windows").isFalse();
        assertThat(WarmUp.stable(List.of(0.0, 0.0, 0.0, 0.0))).as("nothing accepted").isFalse();
    }

    @Test
    void spreadIsMinMedianMaxOfTheRepetitionsThatHaveAValue() {
        assertThat(Spread.of(List.of(3.0, 1.0, 2.0))).isEqualTo(new Spread(1.0, 2.0, 3.0, 3));
        assertThat(Spread.of(List.of(4.0, 1.0, Double.NaN, 2.0, 3.0))).isEqualTo(new Spread(1.0, 2.5, 4.0, 4));
        assertThat(Spread.of(List.of(Double.NaN))).isEqualTo(Spread.NONE);
    }
}
