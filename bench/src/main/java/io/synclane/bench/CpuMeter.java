package io.synclane.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * CPU time spent by each part of the stack over a stretch of load, from the kernel's own accounting
 * ({@link ProcessHandle.Info#totalCpuDuration()}): which process a job's cost lands in. For the parts that are
 * one process it also reads each thread's time ({@code /proc/<pid>/task/<tid>/stat}, where Linux has it) and
 * groups threads by name with the digits taken out, so the log says which pool of a process the cost is in (the
 * event loop, the JIT, the garbage collector, a Kafka client's network thread...). A thread that ends inside the
 * stretch takes its time with it, so the groups may add up to less than the process.
 */
final class CpuMeter {
    /** Linux's USER_HZ: the unit of utime and stime in /proc; 100 on every common architecture. */
    private static final double TICK_MILLIS = 10.0;

    private final Map<String, Predicate<ProcessHandle>> parts = new LinkedHashMap<>();
    private final Map<String, Long> pids = new LinkedHashMap<>();
    private Map<String, Duration> start;
    private Map<String, Map<Long, ThreadTime>> threadsAtStart;
    /** PostgreSQL's processes by pid, each named by its client's application_name or its backend type. */
    private Supplier<Map<Long, String>> postgresProcesses = Map::of;
    private Map<Long, ThreadTime> postgresAtStart = Map.of();
    private final Map<String, Map<Long, ThreadTime>> lastLook = new HashMap<>();

    private record ThreadTime(String group, long ticks) {
    }

    CpuMeter add(String part, long pid) {
        parts.put(part, p -> p.pid() == pid);
        pids.put(part, pid);
        return this;
    }

    CpuMeter addPostgres() {
        parts.put("postgres", p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
        return this;
    }

    /** Also splits PostgreSQL's time by who its processes serve ({@code pg_stat_activity}, read by the caller). */
    CpuMeter groupPostgresBy(Supplier<Map<Long, String>> processes) {
        postgresProcesses = processes;
        return this;
    }

    void start() {
        start = sample();
        postgresAtStart = postgres();
        threadsAtStart = new LinkedHashMap<>();
        pids.forEach((part, pid) -> threadsAtStart.put(part, threads(pid)));
    }

    /** CPU milliseconds per part since {@link #start()}, divided by {@code jobs}. */
    Map<String, Double> millisPerJob(long jobs) {
        Map<String, Duration> end = sample();
        Map<String, Double> perJob = new LinkedHashMap<>();
        end.forEach((part, cpu) -> perJob.put(part, cpu.minus(start.get(part)).toNanos() / 1e6 / Math.max(jobs, 1)));
        return perJob;
    }

    /**
     * Per part, CPU milliseconds per job of each thread group since {@link #start()}, largest first; for PostgreSQL,
     * of each client's backends. Empty where /proc has no per-thread times.
     */
    Map<String, Map<String, Double>> threadGroupsPerJob(long jobs) {
        Map<String, Map<String, Double>> perPart = new LinkedHashMap<>();
        pids.forEach((part, pid) -> perPart.put(part,
                largestFirst(ticksByGroup(threadsAtStart.getOrDefault(part, Map.of()), threads(pid)), jobs)));
        Map<String, Long> postgresTicks = ticksByGroup(postgresAtStart, postgres());
        if (!postgresTicks.isEmpty()) {
            perPart.put("postgres", largestFirst(postgresTicks, jobs));
        }
        return perPart;
    }

    /**
     * For each single-process part, the share of its CPU since the previous call (the first call: since the
     * process started) that its JIT compiler threads took: a service still warming up spends much of its time
     * compiling itself, which is no part of what a job costs once it runs for hours.
     */
    Map<String, Double> compilerShares() {
        Map<String, Double> shares = new LinkedHashMap<>();
        pids.forEach((part, pid) -> {
            Map<Long, ThreadTime> now = threads(pid);
            Map<String, Long> byGroup = ticksByGroup(lastLook.getOrDefault(part, Map.of()), now);
            long all = byGroup.values().stream().mapToLong(Long::longValue).sum();
            long compiling = byGroup.entrySet().stream().filter(group -> group.getKey().contains("CompilerThre"))
                    .mapToLong(Map.Entry::getValue).sum();
            lastLook.put(part, now);
            shares.put(part, all == 0 ? 0.0 : (double) compiling / all);
        });
        return shares;
    }

    /** CPU ticks since {@code before} by group, of the threads (or processes) in {@code now}; new ones from 0. */
    private static Map<String, Long> ticksByGroup(Map<Long, ThreadTime> before, Map<Long, ThreadTime> now) {
        Map<String, Long> byGroup = new HashMap<>();
        now.forEach((id, time) -> byGroup.merge(time.group(),
                time.ticks() - (before.containsKey(id) ? before.get(id).ticks() : 0), Long::sum));
        return byGroup;
    }

    /** PostgreSQL's processes, each grouped by the name {@link #groupPostgresBy} gives it. */
    private Map<Long, ThreadTime> postgres() {
        Map<Long, ThreadTime> processes = new HashMap<>();
        postgresProcesses.get().forEach((pid, name) -> processes.put(pid,
                new ThreadTime(name, ticks(Path.of("/proc", Long.toString(pid), "stat")))));
        return processes;
    }

    private static Map<String, Double> largestFirst(Map<String, Long> ticksByGroup, long jobs) {
        Map<String, Double> groups = new LinkedHashMap<>();
        ticksByGroup.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> groups.put(e.getKey(), e.getValue() * TICK_MILLIS / Math.max(jobs, 1)));
        return groups;
    }

    /** utime + stime of a process or thread; 0 once it is gone. */
    private static long ticks(Path stat) {
        try {
            String line = Files.readString(stat);
            // The name is in parentheses and may hold spaces; utime and stime are fields 14 and 15.
            String[] rest = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(rest[11]) + Long.parseLong(rest[12]);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    private static Map<Long, ThreadTime> threads(long pid) {
        Map<Long, ThreadTime> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(task -> {
                try {
                    String name = Files.readString(task.resolve("comm")).strip().replaceAll("[0-9]+", "#");
                    threads.put(Long.parseLong(task.getFileName().toString()),
                            new ThreadTime(name, ticks(task.resolve("stat"))));
                } catch (IOException threadEnded) {
                    // it ended between the listing and the read: its time is gone with it
                }
            });
        } catch (IOException noProcFs) {
            return Map.of();
        }
        return threads;
    }

    private Map<String, Duration> sample() {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        parts.forEach((part, matches) -> cpu.put(part, ProcessHandle.allProcesses().filter(matches)
                .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus)));
        return cpu;
    }
}
