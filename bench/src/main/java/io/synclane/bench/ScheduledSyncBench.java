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
            // Due now, all in one slot: this hour at this minute (UTC), which the scheduler recomputes itself.
            db.execute("""
                    UPDATE connection SET schedule_minute = extract(minute FROM now() AT TIME ZONE 'UTC'),
                                          next_run = date_trunc('minute', now())""");
            Instant due = Instant.now();
            long startedByTarget = -1;
            long started;
            while ((started = db.queryLong("SELECT count(*) FROM job WHERE started_at IS NOT NULL")) < connections
                    && Duration.between(due, Instant.now()).compareTo(PATIENCE) < 0) {
                if (startedByTarget < 0 && Duration.between(due, Instant.now()).compareTo(TARGET) >= 0) {
                    startedByTarget = started;
                }
                Thread.sleep(250);
            }
            Duration waited = Duration.between(due, Instant.now());
            if (startedByTarget < 0) {
                startedByTarget = started;
            }
            try (Connection c = db.pool.getConnection(); Statement statement = c.createStatement();
                    ResultSet rs = statement.executeQuery("""
                            SELECT count(*), count(DISTINCT connection_id), max(created_at), max(started_at)
                            FROM job""")) {
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
}
