package io.synclane.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * CPU time spent by each part of the stack over a stretch of load, from the kernel's own accounting
 * ({@link ProcessHandle.Info#totalCpuDuration()}): which process a job's cost lands in.
 */
final class CpuMeter {
    private final Map<String, Predicate<ProcessHandle>> parts = new LinkedHashMap<>();
    private Map<String, Duration> start;

    CpuMeter add(String part, long pid) {
        parts.put(part, p -> p.pid() == pid);
        return this;
    }

    CpuMeter addPostgres() {
        parts.put("postgres", p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
        return this;
    }

    void start() {
        start = sample();
    }

    /** CPU milliseconds per part since {@link #start()}, divided by {@code jobs}. */
    Map<String, Double> millisPerJob(long jobs) {
        Map<String, Duration> end = sample();
        Map<String, Double> perJob = new LinkedHashMap<>();
        end.forEach((part, cpu) -> perJob.put(part, cpu.minus(start.get(part)).toNanos() / 1e6 / Math.max(jobs, 1)));
        return perJob;
    }

    private Map<String, Duration> sample() {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        parts.forEach((part, matches) -> cpu.put(part, ProcessHandle.allProcesses().filter(matches)
                .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus)));
        return cpu;
    }
}
