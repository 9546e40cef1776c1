package io.synclane.bench;

import io.synclane.stack.PostgresEndpoint;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;

/**
 * The other scheduler a Java team would embed: JobRunr (open source edition) with its PostgreSQL storage on the
 * same PostgreSQL. Measured like db-scheduler: client threads enqueue no-op jobs as fast as they can while the
 * background job server runs them; the clock stops when the last one is stored as succeeded.
 *
 * <p>Public, as is {@link #noop()}: JobRunr's workers call the job by reflection from their own package.
 */
public final class JobRunrBench {
    /** JobRunr's version, for the table (kept beside bench/pom.xml's jobrunr.version). */
    static final String VERSION = "8.4.2";
    /** The smallest poll interval JobRunr allows with a SQL store (AbstractStorageProvider refuses less). */
    static final Duration POLL_INTERVAL = Duration.ofSeconds(5);

    record Result(double jobsPerSecond, long jobs, Duration elapsed, int workers) {
    }

    private JobRunrBench() {
    }

    /** Counts the runs in process, so the bench waits on the store only once all have run. */
    private static volatile CountDownLatch executed = new CountDownLatch(0);

    /** The job: static and argument-free, so JobRunr's lambda analysis stores nothing but the method's name. */
    public static void noop() {
        executed.countDown();
    }

    static Result run(PostgresEndpoint postgres, long jobs, int workers, int clients) throws Exception {
        try (BenchDatabase db = BenchDatabase.empty(postgres, "synclane_bench_jobrunr", workers + clients + 4)) {
            executed = new CountDownLatch(Math.toIntExact(jobs));
            PostgresStorageProvider storage = new PostgresStorageProvider(db.pool); // creates its tables
            JobScheduler scheduler = JobRunr.configure()
                    .useJsonMapper(new JacksonJsonMapper())
                    .useStorageProvider(storage)
                    .useBackgroundJobServer(BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                            .andWorkerCount(workers)
                            .andPollInterval(POLL_INTERVAL))
                    .initialize()
                    .getJobScheduler();
            try {
                long start = System.nanoTime();
                PeerClients.enqueue(clients, jobs, "jobrunr", n -> scheduler.enqueue(() -> JobRunrBench.noop()));
                if (!executed.await(10, TimeUnit.MINUTES)) {
                    throw new IllegalStateException(executed.getCount() + " JobRunr jobs never ran");
                }
                awaitSucceeded(db, jobs);
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                return new Result(jobs / (elapsed.toNanos() / 1e9), jobs, elapsed, workers);
            } finally {
                JobRunr.destroy(); // stops the background job server and closes the storage provider
            }
        }
    }

    /** A job counts once its SUCCEEDED state is stored, as Synclane's count waits for {@code success}. */
    private static void awaitSucceeded(BenchDatabase db, long jobs) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long succeeded;
        while ((succeeded = db.queryLong("SELECT count(*) FROM jobrunr_jobs WHERE state = 'SUCCEEDED'")) < jobs) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException((jobs - succeeded) + " JobRunr jobs ran but were not stored as succeeded in 60 s");
            }
            Thread.sleep(50);
        }
    }
}
