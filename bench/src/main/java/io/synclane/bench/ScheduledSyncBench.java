package io.synclane.bench;

import io.synclane.stack.PostgresEndpoint;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

/**
 * The scheduler under a burst: {@code connections} hourly connections all due in the same slot, with
 * {@code replicas} worker processes running their scheduler passes (default cadence) and the jobs. Measured
 * from the moment they all become due until the last job is created and the last one has started.
 */
final class ScheduledSyncBench {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    record Result(int replicas, int connections, long jobs, long connectionsWithJob, Duration allCreated,
            Duration allStarted) {
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
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (db.queryLong("SELECT count(*) FROM job WHERE started_at IS NOT NULL") < connections) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not every due job started within " + TIMEOUT);
                }
                Thread.sleep(250);
            }
            try (Connection c = db.pool.getConnection(); Statement statement = c.createStatement();
                    ResultSet rs = statement.executeQuery("""
                            SELECT count(*), count(DISTINCT connection_id), max(created_at), max(started_at)
                            FROM job""")) {
                rs.next();
                return new Result(replicas, connections, rs.getLong(1), rs.getLong(2),
                        Duration.between(due, rs.getTimestamp(3).toInstant()),
                        Duration.between(due, rs.getTimestamp(4).toInstant()));
            }
        }
    }
}
