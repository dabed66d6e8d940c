package io.lemonadeoutbox.bench;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A line every few seconds while the benchmark runs: what the client, the event store, Kafka and the cards saw. */
final class Progress implements AutoCloseable {

    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "progress");
        t.setDaemon(true);
        return t;
    });
    private final PipelineQueries databases;
    private final TopicWatcher topic;
    private final long origin = System.nanoTime();
    private volatile String phase = "start";
    private volatile AtomicLong accepted = new AtomicLong();
    private long lastAccepted;
    private long lastTick = System.nanoTime();

    Progress(PipelineQueries databases, TopicWatcher topic, int everySeconds) {
        this.databases = databases;
        this.topic = topic;
        ticker.scheduleAtFixedRate(this::print, everySeconds, everySeconds, TimeUnit.SECONDS);
    }

    synchronized void phase(String name, AtomicLong acceptedCounter) {
        phase = name;
        accepted = acceptedCounter;
        lastAccepted = 0;
        lastTick = System.nanoTime();
    }

    void phase(String name) {
        phase(name, new AtomicLong());
    }

    private synchronized void print() {
        try {
            long now = System.nanoTime();
            long sales = accepted.get();
            double rate = (sales - lastAccepted) / ((now - lastTick) / 1e9);
            lastAccepted = sales;
            lastTick = now;
            long events = databases.eventsInStore();
            long published = topic.records();
            long cards = databases.cards();
            Bench.say(String.format("%4ds %-10s accepted %6d (%5.0f/s) | events in store %6d | on Kafka %6d "
                            + "(lag %5d) | cards %6d", (now - origin) / 1_000_000_000L, phase, sales, rate, events,
                    published, events - published, cards));
        } catch (Exception e) {
            Bench.say("progress: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
