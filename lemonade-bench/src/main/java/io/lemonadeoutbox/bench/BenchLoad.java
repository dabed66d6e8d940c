package io.lemonadeoutbox.bench;

import io.lemonadeoutbox.testkit.SalesLoad;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's sales: the test kit's {@link SalesLoad} phases, each sale POSTed on an HTTP/1.1 client of the
 * benchmark's own that discards the answer's body (the fault tests' {@code Shop} keeps every answer, which a
 * measurement need not pay for). Sale ids are {@code <phase>-<n>}; each accepted sale is counted on the timeline and
 * on the progress line.
 */
final class BenchLoad {

    private final HttpClient http;
    private final URI sales;
    private final Timeline timeline;
    private final SalesLoad<Boolean> load = new SalesLoad<>(this::post, accepted -> accepted);

    BenchLoad(String baseUrl, Timeline timeline) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(4))
                .build();
        this.sales = URI.create(baseUrl + "/api/sales");
        this.timeline = timeline;
    }

    Timeline timeline() {
        return timeline;
    }

    /** {@link SalesLoad#closed}, shown on the progress line. */
    SalesLoad.Result closed(String phase, int clients, Duration duration, Progress progress)
            throws InterruptedException {
        AtomicLong accepted = new AtomicLong();
        progress.phase(phase, accepted);
        return load.closed(phase, clients, duration, accepted);
    }

    /** {@link SalesLoad#open}, shown on the progress line. */
    SalesLoad.Result open(String phase, double rate, Duration duration, Progress progress) throws InterruptedException {
        AtomicLong accepted = new AtomicLong();
        progress.phase(phase, accepted);
        return load.open(phase, rate, duration, accepted);
    }

    private boolean post(String saleId) {
        String body = """
                {"saleId":"%s","customerName":"Bench Customer","customerEmail":"bench@example.com","cups":2}"""
                .formatted(saleId);
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(sales)
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            boolean created = response.statusCode() == 201;
            if (created) {
                timeline.accepted();
            }
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }
}
