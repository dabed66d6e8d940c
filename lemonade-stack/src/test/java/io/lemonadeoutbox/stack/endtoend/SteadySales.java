package io.lemonadeoutbox.stack.endtoend;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** One sale every {@code interval} in the background, at most {@code maxSales}; remembers the ones created. */
final class SteadySales implements AutoCloseable {

    private final Shopfront shop;
    private final String prefix;
    private final int maxSales;
    private final AtomicInteger attempted = new AtomicInteger();
    private final Queue<String> created = new ConcurrentLinkedQueue<>();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    SteadySales(Shopfront shop, String prefix, int maxSales) {
        this.shop = shop;
        this.prefix = prefix;
        this.maxSales = maxSales;
    }

    SteadySales start(Duration interval) {
        timer.scheduleWithFixedDelay(this::sellOne, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void sellOne() {
        int n = attempted.incrementAndGet();
        if (n > maxSales) {
            timer.shutdown();
            return;
        }
        String saleId = prefix + "-" + n;
        try {
            shop.sell(saleId);
            created.add(saleId);
        } catch (RuntimeException e) {
            failures.add(saleId + ": " + e.getMessage());
        }
    }

    int created() {
        return created.size();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Stops selling and waits for the sale in flight; answers how many sales were created. */
    int stop() throws InterruptedException {
        timer.shutdown();
        if (!timer.awaitTermination(90, TimeUnit.SECONDS)) {
            timer.shutdownNow();
        }
        return created.size();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
