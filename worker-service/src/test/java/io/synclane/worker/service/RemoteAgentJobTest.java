package io.synclane.worker.service;

import static io.synclane.worker.testing.WorkerFixtures.awaitEnd;
import static io.synclane.worker.testing.WorkerFixtures.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.synclane.common.domain.Connection;
import io.synclane.common.domain.Frequency;
import io.synclane.common.domain.Job;
import io.synclane.common.domain.JobRun;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.event.Topics;
import io.synclane.common.job.JobLifecycle;
import io.synclane.stack.testing.TopicContents;
import io.synclane.worker.testing.TestClock;
import io.synclane.worker.testing.WorkerFixtures;
import io.synclane.worker.testing.WorkerFixtures.Setup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A job of an inaccessible connector belongs to a remote agent: internal workers never get it (not when it is
 * created, retried or taken over), it does not hold up its connection's schedule, and it ends {@code error} when
 * no agent took it in time.
 */
@QuarkusTest
class RemoteAgentJobTest {
    @Inject
    JobLifecycle lifecycle;

    @Inject
    JobClaimService claims;

    @Inject
    LeaseService leases;

    @Inject
    SchedulerService scheduler;

    @Inject
    TestClock clock;

    @Inject
    EntityManager entityManager;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static Setup remoteConnection() {
        Setup setup = WorkerFixtures.analysisConnection("noop", Map.of());
        QuarkusTransaction.requiringNew().run(() -> Connection.<Connection>findById(setup.connectionId()).connector.inaccessible = true);
        return setup;
    }

    /** Puts a job row in the state a test needs, as a lapsed agent or the passing of time would leave it. */
    private void update(long jobId, String set) {
        QuarkusTransaction.requiringNew().run(() -> entityManager
                .createNativeQuery("UPDATE job SET " + set + " WHERE id = ?1").setParameter(1, jobId).executeUpdate());
    }

    @Test
    void itIsNeverRequestedFromNorClaimedByAnInternalWorkerOnCreateRetryOrTakeover() throws Exception {
        Setup remote = remoteConnection();
        long created = WorkerFixtures.schedule(lifecycle, remote.connectionId());
        long retried = WorkerFixtures.schedule(lifecycle, remote.connectionId());
        update(retried, "retry_at = now() - interval '1 hour'");
        long takenOver = WorkerFixtures.schedule(lifecycle, remote.connectionId());
        update(takenOver, "status = 'running', attempt = 1, claimed_by = 'agent-7', lease_until = now() - interval '1 hour'");

        assertTrue(claims.claimAll(List.of(created, retried, takenOver)).stream().allMatch(java.util.Optional::isEmpty),
                "an internal worker's claim refuses a remote agent's job");
        leases.requestDueRetries();
        leases.recoverExpired();
        assertEquals(JobStatus.SCHEDULED, read(() -> Job.<Job>findById(takenOver).status),
                "the lapsed agent's job is scheduled again, for an agent");

        // The relay publishes in outbox order: once a later job's request has been run, any request for the
        // remote jobs would be on the topic too.
        Setup internal = WorkerFixtures.analysisConnection("noop", Map.of());
        long marker = WorkerFixtures.schedule(lifecycle, internal.connectionId());
        assertEquals(JobStatus.SUCCESS, awaitEnd(marker, Duration.ofSeconds(30)));
        List<Long> requested = requestedJobIds();
        assertTrue(requested.contains(marker));
        for (long job : List.of(created, retried, takenOver)) {
            assertFalse(requested.contains(job), "job " + job + " was requested from the internal workers");
            assertTrue(read(() -> JobRun.listForJob(job)).isEmpty(), "job " + job + " was run by an internal worker");
        }
        assertNotNull(read(() -> Job.<Job>findById(retried).retryAt), "its retry is the agent's to take");
    }

    @Test
    void itDoesNotHoldUpItsConnectionsSchedule() {
        Setup remote = remoteConnection();
        Instant first = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(10));
        QuarkusTransaction.requiringNew().run(() -> {
            Connection connection = Connection.findById(remote.connectionId());
            connection.frequency = Frequency.HOURLY;
            connection.scheduleMinute = 0;
            connection.nextRun = first;
        });

        clock.set(first.plusSeconds(5));
        scheduler.tick();
        clock.set(first.plus(Duration.ofHours(1)).plusSeconds(5));
        scheduler.tick();

        List<Job> jobs = read(() -> Job.<Job>list("connectionId = ?1 order by id", remote.connectionId()));
        assertEquals(2, jobs.size(), "the second slot got its job although the first still waits for an agent");
        assertEquals(first, jobs.get(0).slot);
        assertEquals(JobStatus.ERROR, jobs.get(0).status, "the older waiting job is replaced, not queued behind");
        assertTrue(jobs.get(0).resultMessage.contains("No remote agent took this job"), jobs.get(0).resultMessage);
        assertEquals(first.plus(Duration.ofHours(1)), jobs.get(1).slot);
        assertEquals(JobStatus.SCHEDULED, jobs.get(1).status);
        assertTrue(jobs.get(1).remoteAgent);
        assertEquals(0, read(() -> Connection.<Connection>findById(remote.connectionId()).skippedRuns));
    }

    @Test
    void itEndsErrorWhenNoAgentTookItWithinTheWait() throws Exception {
        Setup remote = remoteConnection();
        long waiting = WorkerFixtures.schedule(lifecycle, remote.connectionId());
        long fresh = WorkerFixtures.schedule(lifecycle, remote.connectionId());
        update(waiting, "updated_at = now() - interval '25 hours'");

        leases.expireAgentWaits(); // the periodic sweep may be first

        assertEquals(JobStatus.ERROR, awaitEnd(waiting, Duration.ofSeconds(10)));
        String message = read(() -> Job.<Job>findById(waiting).resultMessage);
        assertTrue(message.startsWith("No remote agent took this job within 24 h;"), message);
        assertEquals(JobStatus.SCHEDULED, read(() -> Job.<Job>findById(fresh).status), "a job within the wait keeps waiting");
    }

    /** The job a request names; none for the garbage records the consumer's dead-letter tests send. */
    private java.util.Optional<Long> jobId(String request) {
        try {
            return java.util.Optional.of(json.readTree(request).path("job_id"))
                    .filter(com.fasterxml.jackson.databind.JsonNode::canConvertToLong)
                    .map(com.fasterxml.jackson.databind.JsonNode::asLong);
        } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
            return java.util.Optional.empty();
        }
    }

    /** The job ids of every request on the topic so far. */
    private List<Long> requestedJobIds() {
        return TopicContents.values(bootstrap, Topics.JOB_REQUESTS).stream().map(this::jobId)
                .flatMap(java.util.Optional::stream).toList();
    }
}
