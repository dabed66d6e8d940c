package io.lemonadeoutbox.stack.campaign;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** Every operation and fault of the run with its outcome, and per-second counts for the timeline. */
final class History {

    private static final int MAX_SECONDS = 6 * 3600;

    private final long originMillis;
    private final ConcurrentLinkedQueue<Operation> operations = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<FaultRecord> faults = new ConcurrentLinkedQueue<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLongArray perSecond = new AtomicLongArray(MAX_SECONDS);
    private final AtomicLongArray acceptedPerSecond = new AtomicLongArray(MAX_SECONDS);

    History(long originMillis) {
        this.originMillis = originMillis;
    }

    long originMillis() {
        return originMillis;
    }

    long nextId() {
        return ids.incrementAndGet();
    }

    void add(Operation operation) {
        operations.add(operation);
        completed.incrementAndGet();
        int second = second(operation.endMillis());
        if (second >= 0 && second < MAX_SECONDS) {
            perSecond.incrementAndGet(second);
            if (operation.accepted()) {
                acceptedPerSecond.incrementAndGet(second);
            }
        }
    }

    void add(FaultRecord fault) {
        faults.add(fault);
    }

    long completed() {
        return completed.get();
    }

    List<Operation> operations() {
        return new ArrayList<>(operations);
    }

    List<FaultRecord> faults() {
        List<FaultRecord> all = new ArrayList<>(faults);
        all.sort((a, b) -> Long.compare(a.startMillis(), b.startMillis()));
        return all;
    }

    Map<Operation.Kind, Long> operationsByKind() {
        Map<Operation.Kind, Long> counts = new EnumMap<>(Operation.Kind.class);
        operations.forEach(operation -> counts.merge(operation.kind(), 1L, Long::sum));
        return counts;
    }

    long[] operationsPerSecond(int seconds) {
        return copy(perSecond, seconds);
    }

    long[] acceptedPerSecond(int seconds) {
        return copy(acceptedPerSecond, seconds);
    }

    int second(long millis) {
        return (int) ((millis - originMillis) / 1000);
    }

    private static long[] copy(AtomicLongArray counts, int seconds) {
        long[] out = new long[Math.min(seconds, MAX_SECONDS)];
        for (int i = 0; i < out.length; i++) {
            out[i] = counts.get(i);
        }
        return out;
    }
}
