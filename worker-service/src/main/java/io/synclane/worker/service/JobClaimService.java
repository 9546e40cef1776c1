package io.synclane.worker.service;

import io.synclane.common.domain.Job;
import io.synclane.common.domain.JobRun;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.job.JobLifecycle;
import io.synclane.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
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

    @Transactional
    public Optional<ClaimedJob> claim(long jobId) {
        Instant now = Instant.now();
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
}
