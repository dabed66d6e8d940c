package io.lemonadeoutbox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Which pipelines one run measures, and that an unknown name is refused before anything starts. */
class PipelinesSettingTest {

    private static BenchSettings settings(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return BenchSettings.from(p, Path.of("."));
    }

    @Test
    void lemonadeAppAloneByDefaultAndInSmokeMode() {
        assertThat(settings().pipelines()).containsExactly("axon");
        assertThat(settings("bench.smoke", "true").pipelines()).containsExactly("axon");
    }

    @Test
    void severalInTheGivenOrderAndTheOldSingleNameStillWorks() {
        assertThat(settings("bench.pipelines", "axon, modulith").pipelines()).containsExactly("axon", "modulith");
        assertThat(settings("bench.pipeline", "modulith").pipelines()).containsExactly("modulith");
        assertThat(settings("bench.pipeline", "axon", "bench.pipelines", "modulith,axon").pipelines())
                .isEqualTo(List.of("modulith", "axon"));
    }

    @Test
    void anUnknownPipelineIsRefused() {
        assertThatThrownBy(() -> PipelineUnderTest.named("kafka-streams", settings(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("axon, modulith");
    }
}
