package io.lemonadeoutbox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A run that measures several pipelines keeps each one's facts. */
class ReportTest {

    @Test
    void eachPipelinesFactsStayUnderItsOwnName() {
        Report report = new Report();
        report.fact("label", "quiet1");
        report.prefix("axon: ");
        report.pipelineFact("warmupWindowRates", List.of(300.0, 380.0));
        report.prefix("modulith: ");
        report.pipelineFact("warmupWindowRates", List.of(290.0, 330.0));

        assertThat(report.facts()).containsEntry("label", "quiet1")
                .containsEntry("axon: warmupWindowRates", List.of(300.0, 380.0))
                .containsEntry("modulith: warmupWindowRates", List.of(290.0, 330.0));
    }
}
