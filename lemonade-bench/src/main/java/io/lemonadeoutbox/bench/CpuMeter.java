package io.lemonadeoutbox.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * CPU time used by each part of the stack, and by the whole machine, between two snapshots. On a machine shared with
 * other builds the rates move with their load, but CPU milliseconds per sale hardly do, and the machine's busy share
 * says how much of it was someone else's.
 */
final class CpuMeter {

    record Snapshot(Map<String, Long> cpuNanos, long machineBusyTicks, long machineTotalTicks, long wallNanos) {
    }

    private final Map<String, LongSupplier> parts = new LinkedHashMap<>();

    void watch(String name, Supplier<Stream<ProcessHandle>> processes) {
        parts.put(name, () -> processes.get()
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum());
    }

    /**
     * CPU of the threads of this JVM whose names match: the embedded broker shares the benchmark's JVM with the load
     * generator, so it is counted by its threads (long-lived; a thread that ends between two snapshots is not counted).
     */
    void watchThreads(String name, Predicate<String> threadName) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        parts.put(name, () -> {
            long sum = 0;
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null && threadName.test(info.getThreadName())) {
                    sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
                }
            }
            return sum;
        });
    }

    Snapshot snapshot() {
        Map<String, Long> cpu = new LinkedHashMap<>();
        parts.forEach((name, nanos) -> {
            try {
                cpu.put(name, nanos.getAsLong());
            } catch (RuntimeException e) {
                cpu.put(name, 0L);
            }
        });
        long[] machine = machineTicks();
        return new Snapshot(cpu, machine[0], machine[1], System.nanoTime());
    }

    /** CPU ms each part used per unit of work between the snapshots, and the machine's busy share in percent. */
    static Map<String, Double> perUnit(Snapshot from, Snapshot to, long units) {
        Map<String, Double> out = new LinkedHashMap<>();
        from.cpuNanos().forEach((name, before) ->
                out.put(name, units == 0 ? Double.NaN : (to.cpuNanos().getOrDefault(name, 0L) - before) / 1e6 / units));
        return out;
    }

    static double machineBusyPercent(Snapshot from, Snapshot to) {
        long total = to.machineTotalTicks() - from.machineTotalTicks();
        return total == 0 ? Double.NaN : 100.0 * (to.machineBusyTicks() - from.machineBusyTicks()) / total;
    }

    /** Cores' worth of CPU each part used between the snapshots. */
    static Map<String, Double> cores(Snapshot from, Snapshot to) {
        Map<String, Double> out = new LinkedHashMap<>();
        double wall = to.wallNanos() - from.wallNanos();
        from.cpuNanos().forEach((name, before) -> out.put(name, (to.cpuNanos().get(name) - before) / wall));
        return out;
    }

    private static long[] machineTicks() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < cpu.length; i++) {
                total += Long.parseLong(cpu[i]);
            }
            long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
            return new long[] {total - idle, total};
        } catch (Exception e) {
            return new long[] {0, 0};
        }
    }
}
