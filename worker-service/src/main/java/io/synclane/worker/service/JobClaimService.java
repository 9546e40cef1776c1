package io.synclane.worker.service;

import io.synclane.common.domain.Job;
import io.synclane.common.domain.JobRun;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.job.JobLifecycle;
import io.synclane.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Claims a job for this worker with one conditional update: only a {@code scheduled} job (not waiting out a
 * retry backoff) moves to
 * {@code running}. A request delivered twice, or for a job already claimed or finished, claims nothing,
 * which is what makes the Kafka consumer idempotent.
 */
@ApplicationScoped
public class JobClaimService {
    private final EntityManager entityManager;
    private final JobLifecycle lifecycle;
    private final WorkerIdentity identity;
    private final WorkerConfig config;

    public JobClaimService(EntityManager entityManager, JobLifecycle lifecycle, WorkerIdentity identity,
            WorkerConfig config) {
        this.entityManager = entityManager;
        this.lifecycle = lifecycle;
        this.identity = identity;
        this.config = config;
    }

    /** A connection runs one job at a time: a request arriving while another job of it runs waits this long. */
    static final Duration BUSY_CONNECTION_DELAY = Duration.ofSeconds(2);

    @Transactional
    public Optional<ClaimedJob> claim(long jobId) {
        Instant now = Instant.now();
        // One round trip: is it still scheduled, and if so take its connection's claim lock. Claims of one
        // connection take turns, so two of its jobs can never both start.
        List<?> scheduled = entityManager.createNativeQuery(
                "SELECT pg_advisory_xact_lock(connection_id) FROM job WHERE id = ?1 AND status = 'scheduled'")
                .setParameter(1, jobId)
                .getResultList();
        if (scheduled.isEmpty()) {
            return Optional.empty();
        }
        int claimed = entityManager.createNativeQuery("""
                UPDATE job SET status = 'running', attempt = attempt + 1, claimed_by = ?1, lease_until = ?2,
                               started_at = coalesce(started_at, ?3), updated_at = ?3
                WHERE id = ?4 AND status = 'scheduled' AND retry_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM job other WHERE other.connection_id = job.connection_id
                                  AND other.status = 'running')""")
                .setParameter(1, identity.processId())
                .setParameter(2, now.plus(config.lease()))
                .setParameter(3, now)
                .setParameter(4, jobId)
                .executeUpdate();
        if (claimed == 0) {
            deferWhileConnectionBusy(jobId, now);
            return Optional.empty();
        }
        Job job = Job.findById(jobId);
        JobRun run = new JobRun();
        run.jobId = job.id;
        run.attempt = job.attempt;
        run.processId = identity.processId();
        run.runKey = UUID.randomUUID().toString();
        run.status = JobStatus.RUNNING;
        run.startedAt = now;
        run.persist();
        lifecycle.recordTransition(job, "claimed by " + identity.processId() + " (attempt " + job.attempt + ")");
        return Optional.of(new ClaimedJob(job.id, job.connectionId, job.projectId, job.kind, job.attempt, run.id,
                run.runKey));
    }

    /**
     * Deferred, not dropped: a job whose connection already runs one waits {@link #BUSY_CONNECTION_DELAY}, and
     * the sweeper requests it again once {@code retry_at} has passed. A job already waiting out a retry
     * backoff keeps its time.
     */
    private void deferWhileConnectionBusy(long jobId, Instant now) {
        entityManager.createNativeQuery("""
                UPDATE job SET retry_at = ?1
                WHERE id = ?2 AND status = 'scheduled' AND retry_at IS NULL
                  AND EXISTS (SELECT 1 FROM job other WHERE other.connection_id = job.connection_id
                              AND other.status = 'running')""")
                .setParameter(1, now.plus(BUSY_CONNECTION_DELAY))
                .setParameter(2, jobId)
                .executeUpdate();
    }
}
