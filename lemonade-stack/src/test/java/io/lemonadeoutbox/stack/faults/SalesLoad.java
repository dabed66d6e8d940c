package io.lemonadeoutbox.stack.faults;

import io.lemonadeoutbox.stack.faults.Shop.Answer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads POSTing sales with client-chosen ids ({@code prefix-n}) until stopped or {@code maxSales} were sent, every
 * answer kept. Bounded both ways so a test cannot hang on it.
 */
final class SalesLoad implements AutoCloseable {

    private final Shop shop;
    private final String prefix;
    private final int threads;
    private final int maxSales;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private ExecutorService pool;

    SalesLoad(Shop shop, String prefix, int threads, int maxSales) {
        this.shop = shop;
        this.prefix = prefix;
        this.threads = threads;
        this.maxSales = maxSales;
    }

    SalesLoad start() {
        pool = Executors.newFixedThreadPool(threads);
        for (int i = 0; i < threads; i++) {
            pool.execute(() -> {
                int n;
                while (!stopping.get() && (n = sent.incrementAndGet()) <= maxSales) {
                    answers.add(shop.sell(prefix + "-" + n));
                }
            });
        }
        return this;
    }

    /** Lets the POSTs in flight finish (each is bounded by the request timeout) and stops. */
    List<Answer> stop() throws InterruptedException {
        stopping.set(true);
        pool.shutdown();
        if (!pool.awaitTermination(Shop.REQUEST_TIMEOUT.plus(Duration.ofSeconds(10)).toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("POSTs still running after the request timeout");
        }
        return answers();
    }

    /** Waits for every sale to be sent, then stops. */
    List<Answer> finish() throws InterruptedException {
        pool.shutdown();
        if (!pool.awaitTermination(5, TimeUnit.MINUTES)) {
            stopping.set(true);
            throw new IllegalStateException("the load did not finish within 5 minutes");
        }
        return answers();
    }

    List<Answer> answers() {
        return List.copyOf(answers);
    }

    long created() {
        return answers.stream().filter(Answer::created).count();
    }

    long failed() {
        return answers.stream().filter(answer -> !answer.created()).count();
    }

    @Override
    public void close() {
        stopping.set(true);
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
