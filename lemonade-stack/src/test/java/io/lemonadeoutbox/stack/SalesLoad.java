package io.lemonadeoutbox.stack;

import io.lemonadeoutbox.stack.Shop.Answer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sales POSTed in the background with client-chosen ids ({@code prefix-n}) while a fault happens, until stopped or
 * {@code maxSales} were sent, every answer kept. Bounded both ways so a test cannot hang on it.
 */
public final class SalesLoad implements AutoCloseable {

    private final Shop shop;
    private final String prefix;
    private final int threads;
    private final Duration pause;
    private final int maxSales;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private ExecutorService pool;

    private SalesLoad(Shop shop, String prefix, int threads, Duration pause, int maxSales) {
        this.shop = shop;
        this.prefix = prefix;
        this.threads = threads;
        this.pause = pause;
        this.maxSales = maxSales;
    }

    /** {@code threads} POSTing back to back: as many concurrent writers as there are threads. */
    public static SalesLoad concurrent(Shop shop, String prefix, int threads, int maxSales) {
        return new SalesLoad(shop, prefix, threads, Duration.ZERO, maxSales);
    }

    /** One sale at a time with {@code pause} after each: a steady stream. */
    public static SalesLoad steady(Shop shop, String prefix, Duration pause, int maxSales) {
        return new SalesLoad(shop, prefix, 1, pause, maxSales);
    }

    public SalesLoad start() {
        pool = Executors.newFixedThreadPool(threads);
        for (int i = 0; i < threads; i++) {
            pool.execute(this::sell);
        }
        return this;
    }

    private void sell() {
        int n;
        while (!stopping.get() && (n = sent.incrementAndGet()) <= maxSales) {
            answers.add(shop.trySell(prefix + "-" + n));
            if (!pause.isZero()) {
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Lets the POSTs in flight finish (each is bounded by the request timeout) and stops. */
    public List<Answer> stop() throws InterruptedException {
        stopping.set(true);
        pool.shutdown();
        if (!pool.awaitTermination(Shop.REQUEST_TIMEOUT.plus(Duration.ofSeconds(10)).toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("POSTs still running after the request timeout");
        }
        return answers();
    }

    /** Waits for every sale to be sent, then stops. */
    public List<Answer> finish() throws InterruptedException {
        pool.shutdown();
        if (!pool.awaitTermination(5, TimeUnit.MINUTES)) {
            stopping.set(true);
            throw new IllegalStateException("the load did not finish within 5 minutes");
        }
        return answers();
    }

    public List<Answer> answers() {
        return List.copyOf(answers);
    }

    public long created() {
        return answers.stream().filter(Answer::created).count();
    }

    public long failed() {
        return answers.stream().filter(answer -> !answer.created()).count();
    }

    public List<Answer> failures() {
        return answers.stream().filter(answer -> !answer.created()).toList();
    }

    @Override
    public void close() {
        stopping.set(true);
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
