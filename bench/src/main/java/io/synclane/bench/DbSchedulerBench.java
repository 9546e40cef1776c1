package io.synclane.bench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.synclane.stack.PostgresEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The alternative a Java team would embed: db-scheduler on the same PostgreSQL, tuned as its documentation
 * advises for throughput (lock-and-fetch polling with {@code FOR UPDATE SKIP LOCKED}, immediate execution).
 * Like Synclane's run, the clock covers both sides: clients schedule one-time no-op executions as fast as
 * they can while the scheduler executes them; it stops when the last one has run.
 */
final class DbSchedulerBench {
    record Result(double jobsPerSecond, long jobs, Duration elapsed, int threads) {
    }

    private static final String TABLE = """
            CREATE TABLE scheduled_tasks (
              task_name text NOT NULL,
              task_instance text NOT NULL,
              task_data bytea,
              execution_time timestamptz,
              picked boolean NOT NULL,
              picked_by text,
              last_success timestamptz,
              last_failure timestamptz,
              consecutive_failures int,
              last_heartbeat timestamptz,
              version bigint NOT NULL,
              priority smallint,
              state text,
              PRIMARY KEY (task_name, task_instance)
            );
            CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
            CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
            CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC)""";

    private DbSchedulerBench() {
    }

    /** A one-time execution's row goes just after its handler returns: every one of them must go. */
    private static void awaitEmptyTable(BenchDatabase db) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long left;
        while ((left = db.queryLong("SELECT count(*) FROM scheduled_tasks")) != 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(left + " db-scheduler executions left in the table");
            }
            Thread.sleep(50);
        }
    }

    static Result run(PostgresEndpoint postgres, long jobs, int threads, int clients) throws Exception {
        try (BenchDatabase db = BenchDatabase.empty(postgres, "synclane_bench_dbscheduler", threads + clients + 4)) {
            db.execute(TABLE);
            CountDownLatch executed = new CountDownLatch(Math.toIntExact(jobs));
            OneTimeTask<Void> noop = Tasks.oneTime("noop").execute((instance, context) -> executed.countDown());
            Scheduler scheduler = Scheduler.create(db.pool, noop)
                    .threads(threads)
                    .pollUsingLockAndFetch(0.5, 3.0)
                    .pollingInterval(Duration.ofMillis(100))
                    .enableImmediateExecution()
                    .build();
            scheduler.start();
            try {
                long start = System.nanoTime();
                PeerClients.enqueue(clients, jobs, "db-scheduler",
                        n -> scheduler.schedule(noop.instance(Long.toString(n)), Instant.now()));
                if (!executed.await(10, TimeUnit.MINUTES)) {
                    throw new IllegalStateException(executed.getCount() + " db-scheduler executions never ran");
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                awaitEmptyTable(db);
                return new Result(jobs / (elapsed.toNanos() / 1e9), jobs, elapsed, threads);
            } finally {
                scheduler.stop();
            }
        }
    }
}
