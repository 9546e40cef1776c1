package io.synclane.bench;

import io.synclane.stack.PostgresEndpoint;
import io.synclane.stack.PostgresLocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs the benchmarks of bench/README.md one after the other on this machine and prints one table.
 * Every phase starts what it needs (its own database, a fresh Kafka broker, the packaged services on free
 * ports) and stops it again; nothing is left running or behind in PostgreSQL.
 *
 * <p>Settings are system properties: {@code bench.only} (comma list of ceiling, e2e, dbscheduler,
 * jobrunr, scheduler), {@code bench.window} (seconds of sustained load, default 60), {@code bench.rate} (triggers/s
 * of the latency run, default 200), {@code bench.connections} (due connections, default 100000).
 */
public final class Bench {
    private static final String ROW = "%-2s %-72s %-20s %-16s %s%n";
    private final List<String[]> rows = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        Path home = Path.of("").toAbsolutePath();
        if (!Files.exists(home.resolve("bench/pom.xml"))) {
            throw new IllegalStateException("run from the repository root (bench/run does)");
        }
        PostgresEndpoint postgres = PostgresLocator.fromEnvironment().locate().orElseThrow(() ->
                new IllegalStateException("no PostgreSQL answers on 127.0.0.1:5432 or SYNCLANE_DB_URL"));
        Set<String> only = Set.of(System.getProperty("bench.only", "ceiling,e2e,dbscheduler,jobrunr,scheduler").split(","));
        Duration window = Duration.ofSeconds(Long.getLong("bench.window", 60));
        int rate = Integer.getInteger("bench.rate", 200);
        Duration warmUp = Duration.ofSeconds(Long.getLong("bench.warmup", 180));
        int due = Integer.getInteger("bench.connections", 100_000);
        new Bench().run(postgres, home, only, warmUp, window, rate, due);
    }

    private void run(PostgresEndpoint postgres, Path home, Set<String> only, Duration warmUp, Duration window, int rate,
            int due)
            throws Exception {
        System.out.printf("Synclane bench, %s, %d cores, PostgreSQL at %s%n", Instant.now(),
                Runtime.getRuntime().availableProcessors(), postgres.description());
        CeilingBench.Result ceiling = null;
        if (only.contains("ceiling")) {
            progress("1/5 ceiling: bare claim-and-complete loop, 20 s");
            ceiling = CeilingBench.run(postgres, home, 8, 1_000_000, Duration.ofSeconds(20));
            row("1", "ceiling: bare JDBC claim + complete (" + ceiling.threads() + " threads, "
                    + ceiling.elapsed().toSeconds() + " s)", perSecond(ceiling.jobsPerSecond()), "", "");
        }
        EndToEndBench.Result e2e = null;
        if (only.contains("e2e")) {
            progress("2/5 Synclane end to end: warm-up until the JIT settles (at most " + warmUp.toSeconds() + " s), " + window.toSeconds() + " s sustained, "
                    + "then " + rate + " triggers/s for 30 s");
            e2e = EndToEndBench.run(postgres, home, warmUp, window, 64, rate, Duration.ofSeconds(30));
            EndToEndBench.Throughput t = e2e.throughput();
            row("2", "Synclane end to end, HTTP trigger to success (<= " + EndToEndBench.BACKLOG + " unfinished, " + t.window().toSeconds() + " s)",
                    perSecond(t.jobsPerSecond()), ">= 1,000 jobs/s", verdict(t.jobsPerSecond() >= 1000,
                            ratio(t.jobsPerSecond() / 1000) + " of target"));
            if (ceiling != null) {
                row("", "  share of the ceiling", ratio(t.jobsPerSecond() / ceiling.jobsPerSecond()), "", "");
            }
            row("", "  triggers accepted / rejected; backlog drained after window",
                    perSecond(t.triggersPerSecond()) + " / " + t.rejected(), "",
                    String.format(Locale.ROOT, "%.1f s", t.drainAfter().toMillis() / 1000.0));
            // The load generator's figure with two decimals: its target is a tenth of a millisecond.
            t.cpuMillisPerJob().forEach((part, millis) -> row("", "  CPU per triggered job: " + part,
                    part.startsWith("load") ? String.format(Locale.ROOT, "%.2f ms", millis) : millis(millis),
                    part.startsWith("load") ? "<= 0.10 ms" : "", part.startsWith("load") ? verdict(millis <= 0.1, "") : ""));
            double pipeline = t.cpuMillisPerJob().entrySet().stream().filter(e -> !e.getKey().startsWith("load"))
                    .mapToDouble(java.util.Map.Entry::getValue).sum();
            row("", "  CPU per triggered job: all of Synclane, Kafka and PostgreSQL", millis(pipeline), "<= 1.5 ms",
                    verdict(pipeline <= 1.5, ""));
            perJobRows(t.perJob());
            row("", "  jobs not ended success", Long.toString(t.notSucceeded()), "0", verdict(t.notSucceeded() == 0, ""));
            EndToEndBench.Latency l = e2e.latency();
            row("3", "trigger -> running at " + l.rate() + " triggers/s, p50 (" + l.toRunning().count() + " jobs)",
                    millis(l.toRunning().p50()), "< 10 ms", verdict(l.toRunning().p50() < 10, ""));
            row("", "trigger -> running p99 (max " + millis(l.toRunning().max()) + ")", millis(l.toRunning().p99()),
                    "< 50 ms", verdict(l.toRunning().p99() < 50, ""));
            row("", "  to the request's Kafka record (api commit, relay) p50 / p99", millis(l.toPublished().p50())
                    + " / " + millis(l.toPublished().p99()), "", "");
            row("", "  from there to running (broker, worker poll, claim) p50 / p99",
                    millis(l.publishedToRunning().p50()) + " / " + millis(l.publishedToRunning().p99()), "", "");
            row("", "  HTTP answer p50 / p99; rejected", millis(l.httpResponse().p50()) + " / "
                    + millis(l.httpResponse().p99()) + "; " + l.rejected(), "", "");
        }
        long peerJobs = e2e == null ? 60_000 : e2e.throughput().finishedInWindow();
        if (only.contains("dbscheduler")) {
            long jobs = peerJobs;
            progress("3/5 db-scheduler: " + jobs + " one-time executions");
            DbSchedulerBench.Result dbs = DbSchedulerBench.run(postgres, jobs, 16, 8);
            row("4", "db-scheduler 16.12.0, same " + String.format(Locale.ROOT, "%,d", dbs.jobs())
                    + " jobs (" + dbs.threads() + " threads, lock-and-fetch)", perSecond(dbs.jobsPerSecond()), "", "");
            if (e2e != null) {
                double times = e2e.throughput().jobsPerSecond() / dbs.jobsPerSecond();
                row("", "  Synclane end to end / db-scheduler", ratio(times), ">= 1.00x (goal)", verdict(times >= 1, ""));
            }
            if (ceiling != null) {
                row("", "  share of the ceiling", ratio(dbs.jobsPerSecond() / ceiling.jobsPerSecond()), "", "");
            }
        }
        if (only.contains("jobrunr")) {
            // As many jobs as db-scheduler, but enough that JobRunr's 5 s polls are a small part of the clock.
            long jobs = Math.max(peerJobs, 20_000);
            progress("4/5 JobRunr: " + jobs + " enqueued jobs");
            JobRunrBench.Result jr = JobRunrBench.run(postgres, jobs, 16, 8);
            row("5", "JobRunr " + JobRunrBench.VERSION + ", " + String.format(Locale.ROOT, "%,d", jr.jobs())
                    + " jobs (" + jr.workers() + " workers, " + JobRunrBench.POLL_INTERVAL.toSeconds() + " s poll)",
                    perSecond(jr.jobsPerSecond()), "", "");
            if (e2e != null) {
                row("", "  Synclane end to end / JobRunr", ratio(e2e.throughput().jobsPerSecond() / jr.jobsPerSecond()),
                        "", "");
            }
            if (ceiling != null) {
                row("", "  share of the ceiling", ratio(jr.jobsPerSecond() / ceiling.jobsPerSecond()), "", "");
            }
        }
        if (only.contains("scheduler")) {
            for (String count : System.getProperty("bench.replicas", "1,3").split(",")) {
                int replicas = Integer.parseInt(count.trim());
                progress("5/5 scheduler: " + due + " hourly connections due at once, " + replicas + " worker(s)");
                ScheduledSyncBench.Result s = ScheduledSyncBench.run(postgres, home, due, replicas);
                String who = String.format(Locale.ROOT, "%,d hourly syncs due at once, %d worker%s", s.connections(),
                        replicas, replicas == 1 ? "" : "s");
                row(replicas == 1 ? "6" : "7", who + ": started within 60 s",
                        String.format(Locale.ROOT, "%,d", s.startedByTarget()), "= " + s.connections(),
                        verdict(s.startedByTarget() == s.connections(), ""));
                row("", "  all created after", s.allCreated().map(Bench::seconds)
                        .orElse("not in " + seconds(s.waited())), "", "");
                row("", "  all started after", s.allStarted().map(Bench::seconds)
                        .orElse(String.format(Locale.ROOT, "%,d in %s", s.started(), seconds(s.waited()))),
                        "<= 60 s", verdict(s.allStarted().filter(d -> d.compareTo(ScheduledSyncBench.TARGET) <= 0)
                                .isPresent(), ""));
                row("", "  jobs / connections with a job (exactly one each)", s.jobs() + " / " + s.connectionsWithJob(),
                        "equal", verdict(s.jobs() == s.connectionsWithJob(), ""));
            }
        }
        print();
    }

    /** Row 2's cost per triggered job in the stores; the top statements go to the log, not the table. */
    private void perJobRows(PipelineCounters.PerJob p) {
        row("", "  SQL statements per triggered job (pg_stat_statements)", p.statements().map(Bench::decimal)
                .orElse("n/a (" + p.statementsUnavailable() + ")"), "", "");
        row("", "  commits per triggered job", decimal(p.commits()), "", "");
        p.rowsWritten().forEach((table, rows) -> row("", "  rows written per triggered job: " + table, decimal(rows), "", ""));
        row("", "  Kafka records per triggered job (job-requests + job-events)", decimal(p.kafkaRecords()), "", "");
        p.sizesAfterDrain().forEach((table, size) -> row("", String.format(Locale.ROOT,
                "  %s after drain: %,d rows, %s; per job of all %,d", table, size.rows(), bytes(size.bytes()),
                p.jobsAfterDrain()), String.format(Locale.ROOT, "%.2f rows, %s", size.rows() / (double) Math.max(p.jobsAfterDrain(), 1),
                bytes(size.bytes() / Math.max(p.jobsAfterDrain(), 1))), "", ""));
        if (!p.top().isEmpty()) {
            System.out.println("-- row 2, top statements by calls per triggered job (" + p.jobs() + " jobs):");
            for (PipelineCounters.TopStatement top : p.top()) {
                String query = top.query().replaceAll("\\s+", " ").strip();
                System.out.printf(Locale.ROOT, "     %6.2f  %s%n", top.callsPerJob(),
                        query.length() > 200 ? query.substring(0, 200) + " ..." : query);
            }
        }
    }

    private void row(String number, String what, String result, String target, String verdict) {
        rows.add(new String[] {number, what, result, target, verdict});
        System.out.printf(ROW, number, what, result, target, verdict);
    }

    private void print() {
        System.out.println();
        System.out.printf(ROW, "#", "measurement", "result", "target", "");
        for (String[] row : rows) {
            System.out.printf(ROW, (Object[]) row);
        }
    }

    private static void progress(String message) {
        System.out.println("-- " + message);
    }

    private static String verdict(boolean met, String detail) {
        return (met ? "met" : "MISSED") + (detail.isEmpty() ? "" : " (" + detail + ")");
    }

    private static String perSecond(double value) {
        return String.format(Locale.ROOT, "%,.0f jobs/s", value);
    }

    private static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2fx", value);
    }

    private static String decimal(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String bytes(long value) {
        return value < 10_240 ? value + " B" : value < 1_048_576 ? String.format(Locale.ROOT, "%.0f kB", value / 1024.0)
                : String.format(Locale.ROOT, "%.1f MB", value / 1048576.0);
    }

    private static String millis(double value) {
        return String.format(Locale.ROOT, "%.1f ms", value);
    }

    private static String seconds(Duration value) {
        return String.format(Locale.ROOT, "%.1f s", value.toMillis() / 1000.0);
    }
}
