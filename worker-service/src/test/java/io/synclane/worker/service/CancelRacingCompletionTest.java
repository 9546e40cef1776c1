package io.synclane.worker.service;

import static io.synclane.worker.testing.WorkerFixtures.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.synclane.common.domain.Job;
import io.synclane.common.domain.JobRun;
import io.synclane.common.domain.JobState;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.job.JobLifecycle;
import io.synclane.worker.service.JobCompletionService.Completion;
import io.synclane.worker.testing.WorkerFixtures;
import io.synclane.worker.testing.WorkerFixtures.Setup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A cancel and a run's completion racing for one running job: whichever commits first wins, the other records
 * nothing (no second terminal state, no second event) and says it lost. Each test holds the first writer's
 * transaction open until the second is seen waiting for the job's row lock, so the race is the worst case every
 * time rather than now and then.
 */
@QuarkusTest
class CancelRacingCompletionTest {
    @Inject
    JobClaimService claims;

    @Inject
    JobCompletionService completions;

    @Inject
    JobLifecycle lifecycle;

    @Inject
    EntityManager entityManager;

    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    /** A job this test claimed itself (never requested through Kafka), running. */
    private ClaimedJob runningJob() {
        Setup setup = WorkerFixtures.analysisConnection("noop", Map.of());
        long jobId = WorkerFixtures.scheduledJobRow(setup.connectionId());
        return claims.claimAll(List.of(jobId)).get(0).orElseThrow();
    }

    private boolean cancel(long jobId) {
        return lifecycle.finish(Job.findById(jobId), JobStatus.KILLED, "cancelled by the test");
    }

    private List<JobStatus> complete(ClaimedJob claim) {
        return completions.completeAll(List.of(new Completion(claim, RunOutcome.success("synced"), new JobLogBuffer())));
    }

    /**
     * Runs {@code first} in a transaction held open until {@code second} waits on the job's row lock (or has
     * finished without waiting), then commits it.
     */
    private <A, B> Outcome<A, B> race(Callable<A> first, Callable<B> second) throws Exception {
        CountDownLatch firstWrote = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<A> a = threads.submit(() -> QuarkusTransaction.requiringNew().call(() -> {
            A result = first.call();
            firstWrote.countDown();
            assertTrue(release.await(30, TimeUnit.SECONDS));
            return result;
        }));
        while (!firstWrote.await(10, TimeUnit.MILLISECONDS)) {
            if (a.isDone()) {
                a.get(); // the first writer failed: show why
            }
        }
        Future<B> b = threads.submit(() -> QuarkusTransaction.requiringNew().call(second::call));
        awaitTheSecondWaitingOrDone(b);
        release.countDown();
        return new Outcome<>(a.get(30, TimeUnit.SECONDS), b.get(30, TimeUnit.SECONDS));
    }

    private record Outcome<A, B>(A first, B second) {
    }

    private void awaitTheSecondWaitingOrDone(Future<?> second) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (read(() -> ((Number) entityManager.createNativeQuery("""
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock'""").getSingleResult()).longValue()) == 0) {
            if (second.isDone()) {
                return; // it did not wait (code that writes without a guard); the outcome shows what it did
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the second writer never waited for the first");
            }
            Thread.sleep(10);
        }
    }

    private static List<JobStatus> states(long jobId) {
        return read(() -> JobState.listForJob(jobId).stream().map(s -> s.status).toList());
    }

    @Test
    void aCancelThatCommitsFirstWinsAndTheLateCompletionRecordsNothing() throws Exception {
        ClaimedJob claim = runningJob();

        Outcome<Boolean, List<JobStatus>> outcome = race(() -> cancel(claim.jobId()), () -> complete(claim));

        assertTrue(outcome.first(), "the cancel applied");
        assertEquals(List.of(JobStatus.KILLED), outcome.second(), "the run is closed as killed");
        Job job = read(() -> Job.findById(claim.jobId()));
        assertEquals(JobStatus.KILLED, job.status);
        assertEquals("cancelled by the test", job.resultMessage);
        assertEquals(List.of(JobStatus.RUNNING, JobStatus.KILLED), states(claim.jobId()));
        JobRun run = read(() -> JobRun.listForJob(claim.jobId()).get(0));
        assertEquals(JobStatus.KILLED, run.status);
        assertTrue(run.finishedAt != null);
    }

    @Test
    void aCompletionThatCommitsFirstWinsAndTheLateCancelSaysTheJobHadEnded() throws Exception {
        ClaimedJob claim = runningJob();

        Outcome<List<JobStatus>, Boolean> outcome = race(() -> complete(claim), () -> cancel(claim.jobId()));

        assertEquals(List.of(JobStatus.SUCCESS), outcome.first());
        assertFalse(outcome.second(), "the cancel must report that the job had already ended (the API answers 409)");
        Job job = read(() -> Job.findById(claim.jobId()));
        assertEquals(JobStatus.SUCCESS, job.status);
        assertEquals("synced", job.resultMessage);
        assertEquals(List.of(JobStatus.RUNNING, JobStatus.SUCCESS), states(claim.jobId()));
    }
}
