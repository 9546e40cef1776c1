package io.synclane.bench;

import io.synclane.stack.PostgresEndpoint;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The scheduler under a burst: {@code connections} hourly connections all due in the same slot, with
 * {@code replicas} worker processes running their scheduler passes (default cadence) and the jobs. Measured
 * from the moment they all become due: how many jobs had started after 60 s, and when the last job was
 * created and the last one started. Gives up waiting {@link #PATIENCE} after they became due, so a slow
 * build still finishes the run and says how far it got.
 */
final class ScheduledSyncBench {
    static final Duration TARGET = Duration.ofSeconds(60);
    static final Duration PATIENCE = Duration.ofMinutes(3);

    /** {@code allCreated}/{@code allStarted} are empty when that did not happen within {@link #PATIENCE}. */
    record Result(int replicas, int connections, long startedByTarget, long jobs, long connectionsWithJob,
            long started, Duration waited, Optional<Duration> allCreated, Optional<Duration> allStarted) {
    }

    private ScheduledSyncBench() {
    }

    static Result run(PostgresEndpoint postgres, Path home, int connections, int replicas) throws Exception {
        try (BenchDatabase db = BenchDatabase.synclane(postgres, home, "synclane_bench_scheduler", 4);
                SynclaneStack stack = SynclaneStack.start(home, "scheduler-" + replicas, db)) {
            // Hourly, but not yet due: the workers start idle.
            db.addConnections(connections, "hourly");
            for (int n = 1; n <= replicas; n++) {
                stack.worker(n);
            }
            // The previous slot, not measured: workers that have run for an hour have compiled their hot code, and
            // one minute's burst on a cold JVM would measure the JIT. A minute ago, so the next slot differs.
            burst(db, connections, replicas, 1);
            // A connection whose last job is unfinished skips its slot: let the previous burst end first.
            Instant waitingSince = Instant.now();
            while (db.queryLong("SELECT count(*) FROM job WHERE finished_at IS NULL") > 0
                    && Duration.between(waitingSince, Instant.now()).compareTo(PATIENCE) < 0) {
                Thread.sleep(1_000);
            }
            return burst(db, connections, replicas, 0);
        }
    }

    /**
     * Makes every connection due now, in the slot {@code minutesAgo} minutes ago (UTC; the scheduler recomputes
     * it), and follows the jobs of that burst (those created after this call) until all have started or
     * {@link #PATIENCE} has passed.
     */
    private static Result burst(BenchDatabase db, int connections, int replicas, int minutesAgo) throws Exception {
        long lastJobBefore = db.queryLong("SELECT coalesce(max(id), 0) FROM job");
        db.execute("""
                UPDATE connection SET schedule_minute = extract(minute FROM now() AT TIME ZONE 'UTC' - interval '%d minutes'),
                                      next_run = date_trunc('minute', now()) - interval '%d minutes'"""
                .formatted(minutesAgo, minutesAgo));
        Instant due = Instant.now();
        String ofThisBurst = " FROM job WHERE id > " + lastJobBefore;
        long startedByTarget = -1;
        long started;
        // Once a second: the count reads the whole job table, on the cores being measured.
        while ((started = db.queryLong("SELECT count(*)" + ofThisBurst + " AND started_at IS NOT NULL")) < connections
                && Duration.between(due, Instant.now()).compareTo(PATIENCE) < 0) {
            if (startedByTarget < 0 && Duration.between(due, Instant.now()).compareTo(TARGET) >= 0) {
                startedByTarget = started;
            }
            Thread.sleep(1_000);
        }
        Duration waited = Duration.between(due, Instant.now());
        if (startedByTarget < 0) {
            startedByTarget = started;
        }
        try (Connection c = db.pool.getConnection(); Statement statement = c.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT count(*), count(DISTINCT connection_id), max(created_at), max(started_at)" + ofThisBurst)) {
            rs.next();
            long jobs = rs.getLong(1);
            Optional<Duration> allCreated = jobs < connections ? Optional.empty()
                    : Optional.of(Duration.between(due, rs.getTimestamp(3).toInstant()));
            Optional<Duration> allStarted = started < connections ? Optional.empty()
                    : Optional.of(Duration.between(due, rs.getTimestamp(4).toInstant()));
            return new Result(replicas, connections, startedByTarget, jobs, rs.getLong(2), started, waited,
                    allCreated, allStarted);
        }
    }
}
