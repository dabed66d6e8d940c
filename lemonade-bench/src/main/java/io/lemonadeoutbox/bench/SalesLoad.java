package io.lemonadeoutbox.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Sales through the REST API. Sale ids are {@code <phase>-<n>}, so every later query can pick out a phase's sales
 * from the event store, the topic and the card table.
 */
final class SalesLoad {

    /** What one load phase did, seen from the client. */
    record Result(String phase, long accepted, long failed, long notSent, double seconds, Histogram latencyMicros,
                  long startMillis, long endMillis) {
        double acceptedPerSecond() {
            return accepted / seconds;
        }
    }

    private static final int MAX_IN_FLIGHT = 2000;

    private final HttpClient http;
    private final URI sales;
    private final Timeline timeline;

    SalesLoad(String baseUrl, Timeline timeline) {
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

    /** Closed model: {@code clients} users, each sending its next sale as soon as the last one was answered. */
    Result closed(String phase, int clients, Duration duration, Progress progress) throws InterruptedException {
        Recorder latencies = new Recorder(3);
        AtomicLong accepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong sequence = new AtomicLong();
        long startMillis = System.currentTimeMillis();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        progress.phase(phase, accepted);
        List<Thread> users = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Thread user = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long sent = System.nanoTime();
                    boolean ok = post(phase + "-" + sequence.incrementAndGet());
                    long took = System.nanoTime() - sent;
                    if (ok) {
                        latencies.recordValue(Math.max(1, took / 1000));
                        accepted.incrementAndGet();
                        timeline.accepted();
                    } else {
                        failed.incrementAndGet();
                    }
                }
            }, phase + "-user-" + i);
            users.add(user);
            user.start();
        }
        for (Thread user : users) {
            user.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(phase, accepted.get(), failed.get(), 0, seconds, latencies.getIntervalHistogram(),
                startMillis, System.currentTimeMillis());
    }

    /**
     * Open model: sales start at {@code rate} per second whether or not earlier ones were answered. Latency counts
     * from when a sale was due, not when it was sent, so a stalled server cannot hide its queue.
     */
    Result open(String phase, double rate, Duration duration, Progress progress) throws InterruptedException {
        Recorder latencies = new Recorder(3);
        AtomicLong accepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long notSent = 0;
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        ExecutorService senders = Executors.newFixedThreadPool(64);
        long startMillis = System.currentTimeMillis();
        long start = System.nanoTime();
        long period = (long) (1e9 / rate);
        long count = (long) (rate * duration.toSeconds());
        progress.phase(phase, accepted);
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            long due = start + i * period;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (!inFlight.tryAcquire()) {
                notSent++;
                continue;
            }
            String saleId = phase + "-" + (i + 1);
            pending.add(CompletableFuture.runAsync(() -> {
                try {
                    if (post(saleId)) {
                        latencies.recordValue(Math.max(1, (System.nanoTime() - due) / 1000));
                        accepted.incrementAndGet();
                        timeline.accepted();
                    } else {
                        failed.incrementAndGet();
                    }
                } finally {
                    inFlight.release();
                }
            }, senders));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        senders.shutdown();
        senders.awaitTermination(1, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(phase, accepted.get(), failed.get(), notSent, seconds, latencies.getIntervalHistogram(),
                startMillis, System.currentTimeMillis());
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
            return response.statusCode() == 201;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }
}
