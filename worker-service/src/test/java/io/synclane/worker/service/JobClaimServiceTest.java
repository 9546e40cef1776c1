package io.synclane.worker.service;

import static io.synclane.worker.testing.WorkerFixtures.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.synclane.common.domain.Job;
import io.synclane.common.domain.JobRun;
import io.synclane.common.domain.JobState;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.job.JobTransitions;
import io.synclane.worker.testing.WorkerFixtures;
import io.synclane.worker.testing.WorkerFixtures.Setup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Claiming a batch of requested jobs in one transaction keeps every rule a single claim has. */
@QuarkusTest
class JobClaimServiceTest {
    @Inject
    JobClaimService claims;

    @Inject
    WorkerIdentity identity;

    private static long scheduledJob(Setup setup) {
        return WorkerFixtures.scheduledJobRow(setup.connectionId());
    }

    @Test
    void theIndexAClaimsBusyCheckReadsHoldsExactlyTheRunsUnderWay() {
        // The claim names the statuses as a literal that must match the index's predicate, or the planner cannot
        // use the index and the check reads every unfinished job instead.
        String definition = (String) entityManager.createNativeQuery(
                "SELECT pg_get_indexdef('job_connection_active'::regclass)").getSingleResult();
        for (JobStatus status : JobStatus.values()) {
            assertEquals(JobTransitions.RUN_ACTIVE.contains(status), definition.contains("'" + status.wire() + "'"),
                    status + " in " + definition);
        }
    }

    @Test
    void eachScheduledJobOfABatchIsClaimedOnceWithItsRunItsStateAndWhatItsRunNeeds() {
        Setup first = WorkerFixtures.analysisConnection("noop", Map.of("api_token", "secret-1"));
        Setup second = WorkerFixtures.analysisConnection("noop", Map.of("api_token", "secret-2"));
        long a = scheduledJob(first);
        long b = scheduledJob(second);
        long finished = scheduledJob(second);
        QuarkusTransaction.requiringNew().run(() -> Job.update("status = ?1 where id = ?2", JobStatus.SUCCESS, finished));

        List<Optional<ClaimedJob>> answers = claims.claimAll(List.of(a, b, a, finished));

        assertEquals(4, answers.size());
        assertTrue(answers.get(2).isEmpty(), "a request delivered twice in one batch claims once");
        assertTrue(answers.get(3).isEmpty(), "a finished job is not claimed again");
        for (int i = 0; i < 2; i++) {
            ClaimedJob claim = answers.get(i).orElseThrow();
            long jobId = i == 0 ? a : b;
            Setup setup = i == 0 ? first : second;
            assertEquals(jobId, claim.jobId());
            assertEquals(1, claim.attempt());
            assertEquals("noop", claim.target().system());
            assertEquals(setup.projectId(), claim.target().projectId());
            assertEquals("secret-" + (i + 1), claim.target().params().get("api_token"));

            Job job = read(() -> Job.findById(jobId));
            assertEquals(JobStatus.RUNNING, job.status);
            assertEquals(identity.processId(), job.claimedBy);
            assertNotNull(job.leaseUntil);
            List<JobRun> runs = read(() -> JobRun.listForJob(jobId));
            assertEquals(1, runs.size());
            assertEquals(claim.jobRunId(), runs.get(0).id);
            assertEquals(claim.runKey(), runs.get(0).runKey);
            assertEquals(identity.process().host(), runs.get(0).host);
            assertEquals(ProcessHandle.current().pid(), runs.get(0).processId);
            assertEquals(JobStatus.RUNNING, runs.get(0).status);
            List<JobState> states = read(() -> JobState.listForJob(jobId));
            assertEquals(JobStatus.RUNNING, states.get(states.size() - 1).status);
            assertTrue(states.get(states.size() - 1).comment.startsWith("claimed by " + identity.processId()));
        }
        assertEquals(JobStatus.SUCCESS, read(() -> Job.<Job>findById(finished).status));
        assertTrue(read(() -> JobRun.listForJob(finished)).isEmpty());
    }

    @Test
    void twoJobsOfOneConnectionInOneBatchStartOneAndDeferTheOther() {
        Setup setup = WorkerFixtures.analysisConnection("noop", Map.of());
        long earlier = scheduledJob(setup);
        long later = scheduledJob(setup);

        List<Optional<ClaimedJob>> answers = claims.claimAll(List.of(later, earlier));

        assertTrue(answers.get(0).isEmpty());
        assertEquals(earlier, answers.get(1).orElseThrow().jobId(), "the older job of the connection goes first");
        Job deferred = read(() -> Job.findById(later));
        assertEquals(JobStatus.SCHEDULED, deferred.status);
        assertNotNull(deferred.retryAt, "the other job waits for the sweeper instead of being dropped");
        assertTrue(deferred.retryAt.isAfter(Instant.now().plus(JobClaimService.BUSY_CONNECTION_DELAY)
                .minus(Duration.ofSeconds(2))));
        assertNull(read(() -> Job.<Job>findById(later).claimedBy));
        assertTrue(read(() -> JobRun.listForJob(later)).isEmpty());
    }

    @Inject
    LeaseService leases;

    @Inject
    EntityManager entityManager;

    /** Whether lease_until and started_at are this transaction's now() (+ the 60 s lease), to the microsecond. */
    private boolean[] onTheTransactionsClock(long jobId) {
        Object[] row = (Object[]) entityManager.createNativeQuery("""
                SELECT lease_until = now() + interval '60 seconds', started_at = now() FROM job WHERE id = ?1""")
                .setParameter(1, jobId).getSingleResult();
        return new boolean[] {(Boolean) row[0], (Boolean) row[1]};
    }

    @Test
    void aLeaseIsWrittenOnTheDatabasesClockTheSameClockThatJudgesItsExpiry() {
        Setup setup = WorkerFixtures.analysisConnection("noop", Map.of());
        long job = scheduledJob(setup);

        ClaimedJob[] claim = new ClaimedJob[1];
        boolean[] claimed = QuarkusTransaction.requiringNew().call(() -> {
            claim[0] = claims.claimAll(List.of(job)).get(0).orElseThrow();
            return onTheTransactionsClock(job);
        });
        assertTrue(claimed[0], "the claim's lease ends at its transaction's now() + the lease, not at the JVM's time");
        assertTrue(claimed[1], "the run starts at the claim transaction's now()");
        boolean[] renewed = QuarkusTransaction.requiringNew().call(() -> {
            assertTrue(leases.renew(claim[0]));
            return onTheTransactionsClock(job);
        });
        assertTrue(renewed[0], "a renewal extends the lease on the database's clock too");
    }

    @Test
    void aClaimedJobDoesNotShowItsSecretsWhenLogged() {
        Setup setup = WorkerFixtures.analysisConnection("noop", Map.of("api_token", "do-not-log-me"));
        long job = scheduledJob(setup);

        ClaimedJob claim = claims.claimAll(List.of(job)).get(0).orElseThrow();

        assertTrue(claim.toString().contains("api_token"));
        assertTrue(!claim.toString().contains("do-not-log-me"), claim.toString());
    }
}
