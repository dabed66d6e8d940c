package io.lemonadeoutbox.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SalesLoadTest {

    private final Set<String> sold = ConcurrentHashMap.newKeySet();
    /** Every third sale fails; the answer is the sale id, or "failed" for a failure. */
    private final SalesLoad<String> load = new SalesLoad<>(saleId -> {
        sold.add(saleId);
        return Integer.parseInt(saleId.substring(saleId.lastIndexOf('-') + 1)) % 3 == 0 ? "failed" : saleId;
    }, answer -> !answer.equals("failed"));

    @Test
    void aConcurrentLoadSendsEachIdOnceUpToItsMaximumAndKeepsEveryAnswer() throws InterruptedException {
        List<String> answers;
        try (var background = load.concurrent("run", 4, 30).start()) {
            answers = background.finish();
            assertThat(background.created()).isEqualTo(20);
            assertThat(background.failed()).isEqualTo(10);
            assertThat(background.failures()).hasSize(10).containsOnly("failed");
        }
        assertThat(answers).hasSize(30);
        assertThat(sold).hasSize(30).allMatch(id -> id.matches("run-([1-9]|[12][0-9]|30)"));
    }

    @Test
    void stoppingEndsABackgroundLoadBeforeItsMaximum() throws InterruptedException {
        try (var background = load.steady("slow", Duration.ofMillis(20), 1_000_000).start()) {
            Thread.sleep(200);
            List<String> answers = background.stop(Duration.ofSeconds(1));
            assertThat(answers).isNotEmpty().hasSizeLessThan(1_000);
            assertThat(background.answers()).hasSameSizeAs(answers);
        }
    }

    @Test
    void aClosedPhaseCountsAcceptedAndFailedSalesAndRecordsALatencyPerAcceptedOne() throws InterruptedException {
        AtomicLong acceptedSoFar = new AtomicLong();
        SalesLoad.Result result = load.closed("closed", 2, Duration.ofMillis(200), acceptedSoFar);
        assertThat(result.accepted()).isPositive().isEqualTo(acceptedSoFar.get());
        assertThat(result.accepted() + result.failed()).isEqualTo(sold.size());
        assertThat(result.latencyMicros().getTotalCount()).isEqualTo(result.accepted());
        assertThat(result.seconds()).isGreaterThanOrEqualTo(0.2);
    }

    @Test
    void anOpenPhaseSendsRateTimesDurationSalesOnSchedule() throws InterruptedException {
        SalesLoad.Result result = load.open("open", 50, Duration.ofSeconds(1), new AtomicLong());
        assertThat(sold).hasSize(50);
        assertThat(result.accepted() + result.failed() + result.notSent()).isEqualTo(50);
        assertThat(result.failed()).isEqualTo(16);
        assertThat(result.seconds()).isGreaterThanOrEqualTo(0.98 - 0.02);
    }
}
