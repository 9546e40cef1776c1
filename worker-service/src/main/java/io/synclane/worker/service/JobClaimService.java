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
        Job queued = Job.findById(jobId);
        if (queued == null || queued.status != JobStatus.SCHEDULED) {
            return Optional.empty();
        }
        // Claims of one connection take turns, so two of its jobs can never both start.
        entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(?1)").setParameter(1, queued.connectionId)
                .getSingleResult();
        if (Job.count("connectionId = ?1 and status = ?2 and id <> ?3", queued.connectionId, JobStatus.RUNNING,
                jobId) > 0) {
            // Deferred, not dropped: the sweeper requests it again once retry_at has passed.
            entityManager.createQuery("update Job set retryAt = :at where id = :id and status = :scheduled")
                    .setParameter("at", now.plus(BUSY_CONNECTION_DELAY))
                    .setParameter("id", jobId)
                    .setParameter("scheduled", JobStatus.SCHEDULED)
                    .executeUpdate();
            return Optional.empty();
        }
        int claimed = entityManager.createQuery("""
                update Job set status = :running, attempt = attempt + 1, claimedBy = :worker,
                       leaseUntil = :lease, startedAt = coalesce(startedAt, :now), updatedAt = :now
                where id = :id and status = :scheduled and retryAt is null""")
                .setParameter("running", JobStatus.RUNNING)
                .setParameter("worker", identity.processId())
                .setParameter("lease", now.plus(config.lease()))
                .setParameter("now", now)
                .setParameter("id", jobId)
                .setParameter("scheduled", JobStatus.SCHEDULED)
                .executeUpdate();
        if (claimed == 0) {
            return Optional.empty();
        }
        Job job = queued;
        entityManager.refresh(job);
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
}
