package io.synclane.bench;

import io.synclane.stack.PostgresEndpoint;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The physical limit of the design: on Synclane's own {@code job} table and indexes, threads claim a
 * scheduled job with {@code FOR UPDATE SKIP LOCKED} and complete it, one autocommit statement each, and
 * nothing else (no states, runs, outbox, Kafka or HTTP).
 */
final class CeilingBench {
    record Result(double jobsPerSecond, long jobs, Duration elapsed, int threads) {
    }

    private static final String CLAIM = """
            UPDATE job SET status = 'running', attempt = attempt + 1, claimed_by = ?, started_at = now(),
                           lease_until = now() + interval '60 seconds', updated_at = now()
            WHERE id = (SELECT id FROM job WHERE status = 'scheduled' AND retry_at IS NULL
                        LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id""";
    private static final String COMPLETE = """
            UPDATE job SET status = 'success', finished_at = now(), lease_until = NULL, updated_at = now()
            WHERE id = ?""";

    private CeilingBench() {
    }

    static Result run(PostgresEndpoint postgres, Path home, int threads, int jobs, Duration duration)
            throws Exception {
        try (BenchDatabase db = BenchDatabase.synclane(postgres, home, "synclane_bench_ceiling", threads)) {
            db.addConnections(1000, "manually");
            db.execute("""
                    INSERT INTO job (team_id, project_id, connection_id, kind, status, manual)
                    SELECT c.team_id, c.project_id, c.id, c.kind, 'scheduled', true
                    FROM generate_series(1, %d) g JOIN connection c ON c.alias = 'bench-' || (g %% 1000 + 1)
                    ORDER BY g""".formatted(jobs), "VACUUM ANALYZE job");
            LongAdder done = new LongAdder();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String worker = "ceiling-" + i;
                Thread thread = new Thread(() -> claimAndComplete(db, worker, stop, done), worker);
                thread.start();
                workers.add(thread);
            }
            long start = System.nanoTime();
            Thread.sleep(duration.toMillis());
            stop.set(true);
            for (Thread worker : workers) {
                worker.join();
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            long completed = db.queryLong("SELECT count(*) FROM job WHERE status = 'success'");
            if (completed != done.sum()) {
                throw new IllegalStateException("ceiling loop counted " + done.sum() + " but the table has " + completed);
            }
            return new Result(completed / (elapsed.toNanos() / 1e9), completed, elapsed, threads);
        }
    }

    private static void claimAndComplete(BenchDatabase db, String worker, AtomicBoolean stop, LongAdder done) {
        try (Connection c = db.pool.getConnection();
                PreparedStatement claim = c.prepareStatement(CLAIM);
                PreparedStatement complete = c.prepareStatement(COMPLETE)) {
            claim.setString(1, worker);
            while (!stop.get()) {
                long id;
                try (ResultSet claimed = claim.executeQuery()) {
                    if (!claimed.next()) {
                        throw new IllegalStateException("the ceiling ran out of jobs: seed more");
                    }
                    id = claimed.getLong(1);
                }
                complete.setLong(1, id);
                complete.executeUpdate();
                done.increment();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
