package io.lemonadeoutbox.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Predicate;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Sales sent as a load, with client-chosen ids {@code <prefix>-<n>} so that every later query can pick out one
 * load's sales from the event store, the topic and the card table. How one sale is sent is the caller's
 * ({@code sell} gives an answer per sale id, {@code accepted} says which answers count as a sale made), so fault
 * tests and the benchmark each send it the way they need.
 * <ul>
 *     <li>In the background while a fault happens ({@link #concurrent}, {@link #steady}): every answer kept, until
 *     stopped or {@code maxSales} were sent, bounded both ways so a test cannot hang on it.</li>
 *     <li>As a measured phase ({@link #closed}, {@link #open}): counts and a latency histogram.</li>
 * </ul>
 */
public final class SalesLoad<A> {

    /** What one measured phase did, seen from the client. */
    public record Result(String phase, long accepted, long failed, long notSent, double seconds,
                         Histogram latencyMicros, long startMillis, long endMillis) {
        public double acceptedPerSecond() {
            return accepted / seconds;
        }
    }

    private static final int MAX_IN_FLIGHT = 2000;

    private final Function<String, A> sell;
    private final Predicate<A> accepted;

    public SalesLoad(Function<String, A> sell, Predicate<A> accepted) {
        this.sell = sell;
        this.accepted = accepted;
    }

    /** {@code threads} selling back to back: as many concurrent writers as there are threads. */
    public Background concurrent(String prefix, int threads, int maxSales) {
        return new Background(prefix, threads, Duration.ZERO, maxSales);
    }

    /** One sale at a time with {@code pause} after each: a steady stream. */
    public Background steady(String prefix, Duration pause, int maxSales) {
        return new Background(prefix, 1, pause, maxSales);
    }

    /**
     * Closed model: {@code clients} users, each sending its next sale as soon as the last one was answered, for
     * {@code duration}. {@code acceptedSoFar} counts the accepted sales as they happen (for a progress line).
     */
    public Result closed(String phase, int clients, Duration duration, AtomicLong acceptedSoFar)
            throws InterruptedException {
        Recorder latencies = new Recorder(3);
        AtomicLong failed = new AtomicLong();
        AtomicLong sequence = new AtomicLong();
        long startMillis = System.currentTimeMillis();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Thread> users = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Thread user = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long sent = System.nanoTime();
                    boolean ok = accepted.test(sell.apply(phase + "-" + sequence.incrementAndGet()));
                    long took = System.nanoTime() - sent;
                    if (ok) {
                        latencies.recordValue(Math.max(1, took / 1000));
                        acceptedSoFar.incrementAndGet();
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
        return new Result(phase, acceptedSoFar.get(), failed.get(), 0, seconds, latencies.getIntervalHistogram(),
                startMillis, System.currentTimeMillis());
    }

    /**
     * Open model: sales start at {@code rate} per second whether or not earlier ones were answered. Latency counts
     * from when a sale was due, not when it was sent, so a stalled server cannot hide its queue. A sale due while
     * 2,000 are in flight is not sent (counted as such).
     */
    public Result open(String phase, double rate, Duration duration, AtomicLong acceptedSoFar)
            throws InterruptedException {
        Recorder latencies = new Recorder(3);
        AtomicLong failed = new AtomicLong();
        long notSent = 0;
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        ExecutorService senders = Executors.newFixedThreadPool(64);
        long startMillis = System.currentTimeMillis();
        long start = System.nanoTime();
        long period = (long) (1e9 / rate);
        long count = (long) (rate * duration.toSeconds());
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
                    if (accepted.test(sell.apply(saleId))) {
                        latencies.recordValue(Math.max(1, (System.nanoTime() - due) / 1000));
                        acceptedSoFar.incrementAndGet();
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
        return new Result(phase, acceptedSoFar.get(), failed.get(), notSent, seconds,
                latencies.getIntervalHistogram(), startMillis, System.currentTimeMillis());
    }

    /** Sales sent in the background, every answer kept. */
    public final class Background implements AutoCloseable {

        private final String prefix;
        private final int threads;
        private final Duration pause;
        private final int maxSales;
        private final AtomicInteger sent = new AtomicInteger();
        private final AtomicBoolean stopping = new AtomicBoolean();
        private final ConcurrentLinkedQueue<A> answers = new ConcurrentLinkedQueue<>();
        private ExecutorService pool;

        private Background(String prefix, int threads, Duration pause, int maxSales) {
            this.prefix = prefix;
            this.threads = threads;
            this.pause = pause;
            this.maxSales = maxSales;
        }

        public Background start() {
            pool = Executors.newFixedThreadPool(threads);
            for (int i = 0; i < threads; i++) {
                pool.execute(this::sell);
            }
            return this;
        }

        private void sell() {
            int n;
            while (!stopping.get() && (n = sent.incrementAndGet()) <= maxSales) {
                answers.add(SalesLoad.this.sell.apply(prefix + "-" + n));
                if (!pause.isZero()) {
                    try {
                        Thread.sleep(pause.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        /**
         * Sends no more and lets the sales in flight finish; {@code inFlightBound} is how long one may take at the
         * most (the request timeout).
         */
        public List<A> stop(Duration inFlightBound) throws InterruptedException {
            stopping.set(true);
            pool.shutdown();
            if (!pool.awaitTermination(inFlightBound.plus(Duration.ofSeconds(10)).toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("sales still in flight after " + inFlightBound);
            }
            return answers();
        }

        /** Waits for every sale to be sent, then stops. */
        public List<A> finish() throws InterruptedException {
            pool.shutdown();
            if (!pool.awaitTermination(5, TimeUnit.MINUTES)) {
                stopping.set(true);
                throw new IllegalStateException("the load did not finish within 5 minutes");
            }
            return answers();
        }

        public List<A> answers() {
            return List.copyOf(answers);
        }

        /** How many answers so far were sales made. */
        public long created() {
            return answers.stream().filter(accepted).count();
        }

        public long failed() {
            return answers.stream().filter(accepted.negate()).count();
        }

        public List<A> failures() {
            return answers.stream().filter(accepted.negate()).toList();
        }

        @Override
        public void close() {
            stopping.set(true);
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }
}
