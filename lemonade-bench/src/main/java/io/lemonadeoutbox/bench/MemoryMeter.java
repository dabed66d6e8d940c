package io.lemonadeoutbox.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Peak resident memory of each part of the stack, sampled twice a second from /proc. A part with several processes
 * (PostgreSQL: the postmaster and its backends) is summed by PSS, so the shared buffers they all map count once;
 * a JVM is one process and its RSS is what it holds.
 */
final class MemoryMeter implements AutoCloseable {

    private final Map<String, Supplier<Stream<ProcessHandle>>> parts = new LinkedHashMap<>();
    private final Map<String, Long> peakKib = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "memory-meter");
        t.setDaemon(true);
        return t;
    });
    private volatile long peakTotalKib;

    MemoryMeter() {
        sampler.scheduleAtFixedRate(this::sample, 500, 500, TimeUnit.MILLISECONDS);
    }

    synchronized void watch(String name, Supplier<Stream<ProcessHandle>> processes) {
        parts.put(name, processes);
    }

    /** Starts the peaks again (a comparison's variant after a restart). */
    synchronized void reset() {
        peakKib.clear();
        peakTotalKib = 0;
    }

    /** Peak MiB per part since the start, and the peak of their sum (sampled at the same moments). */
    synchronized Map<String, Double> peaksMib() {
        Map<String, Double> out = new LinkedHashMap<>();
        parts.keySet().forEach(name -> out.put(name, peakKib.getOrDefault(name, 0L) / 1024.0));
        out.put("whole stack (sum at one moment)", peakTotalKib / 1024.0);
        return out;
    }

    private synchronized void sample() {
        long total = 0;
        for (Map.Entry<String, Supplier<Stream<ProcessHandle>>> part : parts.entrySet()) {
            try {
                List<ProcessHandle> processes = part.getValue().get().toList();
                long kib = processes.stream()
                        .mapToLong(p -> processes.size() > 1 ? field(p, "smaps_rollup", "Pss:") : field(p, "status",
                                "VmRSS:"))
                        .sum();
                peakKib.merge(part.getKey(), kib, Math::max);
                total += kib;
            } catch (RuntimeException e) {
                // a process between restarts: nothing to sample this time
            }
        }
        peakTotalKib = Math.max(peakTotalKib, total);
    }

    private static long field(ProcessHandle process, String file, String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), file))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (Exception e) {
            // gone, or not ours to read
        }
        return 0;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
