package io.synclane.worker.service;

import static io.synclane.worker.testing.WorkerFixtures.awaitEnd;
import static io.synclane.worker.testing.WorkerFixtures.read;
import static io.synclane.worker.testing.WorkerFixtures.schedule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.synclane.common.domain.Connection;
import io.synclane.common.domain.Job;
import io.synclane.common.domain.JobRun;
import io.synclane.common.domain.JobState;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.job.JobLifecycle;
import io.synclane.worker.testing.WorkerFixtures;
import io.synclane.worker.testing.WorkerFixtures.Setup;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LeaseServiceTest {
    @Inject
    LeaseService leases;

    @Inject
    JobLifecycle lifecycle;

    /** A job as a worker leaves it when it is killed mid-run: running, its lease lapsed, its run open. */
    private long jobOfADeadWorker(Setup setup) {
        return jobOfADeadWorker(setup, 1);
    }

    private long jobOfADeadWorker(Setup setup, int attempt) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Job job = WorkerFixtures.jobRow(Connection.findById(setup.connectionId()), JobStatus.RUNNING);
            job.attempt = attempt;
            job.claimedBy = "dead-host:4242";
            job.leaseUntil = Instant.now().minusSeconds(5);
            job.createdAt = Instant.now().minusSeconds(120);
            job.updatedAt = job.createdAt;
            job.startedAt = job.createdAt;
            job.persist();
            JobRun run = new JobRun();
            run.jobId = job.id;
            run.attempt = attempt;
            run.host = "dead-host";
            run.processId = 4242L;
            run.status = JobStatus.RUNNING;
            run.startedAt = job.createdAt;
            run.persist();
            return job.id;
        });
    }

    @Test
    void aJobWhoseWorkerDiedIsTakenOverAndFinishedByAnother() throws Exception {
        Setup setup = WorkerFixtures.analysisConnection(
                Map.of("report_path", "spotbugs-4.9.3-findsecbugs-1.14.0.sarif"), 89);
        long jobId = jobOfADeadWorker(setup);

        leases.recoverExpired(); // the periodic sweep may be first; either way the job is taken over

        assertEquals(JobStatus.SUCCESS, awaitEnd(jobId, Duration.ofSeconds(60)));
        List<JobRun> runs = read(() -> JobRun.listForJob(jobId));
        assertEquals(2, runs.size());
        assertEquals(JobStatus.ERROR, runs.get(0).status, "the dead attempt is recorded as an error");
        assertTrue(runs.get(0).stderr.contains("lease of attempt 1 expired"), runs.get(0).stderr);
        assertTrue(runs.get(0).stderr.contains("dead-host:4242"), runs.get(0).stderr);
        assertEquals(JobStatus.SUCCESS, runs.get(1).status);
        assertEquals(2, runs.get(1).attempt);
        assertEquals(2, read(() -> Job.<Job>findById(jobId).attempt));
        assertEquals(List.of(JobStatus.SCHEDULED, JobStatus.RUNNING, JobStatus.SUCCESS),
                read(() -> JobState.listForJob(jobId).stream().map(s -> s.status).toList()));
    }

    @Test
    void aJobWhoseWorkerDiesOnEveryAttemptEndsErrorAfterItsLastAttemptInsteadOfBeingTakenOverForever()
            throws Exception {
        Setup setup = WorkerFixtures.analysisConnection(
                Map.of("report_path", "spotbugs-4.9.3-findsecbugs-1.14.0.sarif", "max_attempts", "2"), 89);
        long jobId = jobOfADeadWorker(setup, 2);

        leases.recoverExpired(); // the periodic sweep may be first; either way the job ends

        assertEquals(JobStatus.ERROR, awaitEnd(jobId, Duration.ofSeconds(30)));
        Job job = read(() -> Job.findById(jobId));
        assertTrue(job.resultMessage.startsWith("Gave up after 2 attempts: the worker running it stopped each time"),
                job.resultMessage);
        assertTrue(job.resultMessage.contains("dead-host:4242"), job.resultMessage);
        assertEquals(2, job.attempt, "not claimed again");
        List<JobRun> runs = read(() -> JobRun.listForJob(jobId));
        assertEquals(1, runs.size());
        assertEquals(JobStatus.ERROR, runs.get(0).status);
        assertTrue(runs.get(0).stderr.contains("lease of attempt 2 expired"), runs.get(0).stderr);
        assertEquals(List.of(JobStatus.ERROR), read(() -> JobState.listForJob(jobId).stream().map(s -> s.status).toList()));
    }

    @Test
    void aLiveLeaseIsLeftAlone() {
        Setup setup = WorkerFixtures.analysisConnection(Map.of("report_path", "x.sarif"), 89);
        long jobId = jobOfADeadWorker(setup);
        QuarkusTransaction.requiringNew().run(() -> Job.<Job>findById(jobId).leaseUntil = Instant.now().plusSeconds(60));

        leases.recoverExpired();

        assertEquals(JobStatus.RUNNING, read(() -> Job.<Job>findById(jobId).status));
        assertEquals(1, read(() -> JobRun.listForJob(jobId)).size());
    }

    @Test
    void aJobCancelledBeforeItsRequestArrivesIsNeverRun() throws Exception {
        Setup setup = WorkerFixtures.analysisConnection(
                Map.of("report_path", "spotbugs-4.9.3-findsecbugs-1.14.0.sarif"), 89);
        long cancelled = QuarkusTransaction.requiringNew().call(() -> {
            Job job = lifecycle.schedule(Connection.findById(setup.connectionId()), null, true);
            lifecycle.finish(job, JobStatus.KILLED, "cancelled");
            return job.id;
        });
        // Same connection, same partition: once this one ran, the cancelled one's request was consumed.
        long next = schedule(lifecycle, setup.connectionId());
        assertEquals(JobStatus.SUCCESS, awaitEnd(next, Duration.ofSeconds(60)));

        assertEquals(JobStatus.KILLED, read(() -> Job.<Job>findById(cancelled).status));
        assertTrue(read(() -> JobRun.listForJob(cancelled)).isEmpty());
    }
}
