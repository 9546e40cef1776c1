package io.synclane.worker.service;

import io.synclane.common.domain.Job;
import io.synclane.common.domain.JobRun;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.event.JobRequest;
import io.synclane.common.event.Topics;
import io.synclane.common.job.JobLifecycle;
import io.synclane.common.outbox.OutboxWriter;
import io.synclane.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * A claim holds only while its worker renews the lease. A worker that dies (SIGKILL, lost machine) stops
 * renewing; once the lease has expired any replica takes the job over: the dead attempt's run is recorded
 * as {@code error} with the reason, and the job is scheduled and requested again.
 */
@ApplicationScoped
public class LeaseService {
    private static final Logger LOG = Logger.getLogger(LeaseService.class);

    private final EntityManager entityManager;
    private final JobLifecycle lifecycle;
    private final OutboxWriter outbox;
    private final WorkerIdentity identity;
    private final WorkerConfig config;

    public LeaseService(EntityManager entityManager, JobLifecycle lifecycle, OutboxWriter outbox,
            WorkerIdentity identity, WorkerConfig config) {
        this.entityManager = entityManager;
        this.lifecycle = lifecycle;
        this.outbox = outbox;
        this.identity = identity;
        this.config = config;
    }

    /** Extends this worker's lease on a running job; false when the job is no longer this attempt's to run. */
    @Transactional
    public boolean renew(ClaimedJob claim) {
        return entityManager.createQuery("""
                update Job set leaseUntil = :lease
                where id = :id and status = :running and claimedBy = :worker and attempt = :attempt""")
                .setParameter("lease", Instant.now().plus(config.lease()))
                .setParameter("id", claim.jobId())
                .setParameter("running", JobStatus.RUNNING)
                .setParameter("worker", identity.processId())
                .setParameter("attempt", claim.attempt())
                .executeUpdate() == 1;
    }

    /** Requests again the jobs whose retry backoff has passed; returns how many. */
    @Transactional
    public int requestDueRetries() {
        List<Job> due = Job.<Job>find("status = ?1 and retryAt <= ?2", JobStatus.SCHEDULED, Instant.now())
                .withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .withHint("jakarta.persistence.lock.timeout", -2) // SKIP LOCKED: another replica has these
                .page(0, 100).list();
        for (Job job : due) {
            job.retryAt = null;
            outbox.append(Topics.JOB_REQUESTS, String.valueOf(job.connectionId), new JobRequest(job.id,
                    job.connectionId, job.projectId, job.teamId, job.kind.wire(), Instant.now()));
        }
        return due.size();
    }

    /** Takes over running jobs whose lease has expired; returns how many. */
    @Transactional
    public int recoverExpired() {
        @SuppressWarnings("unchecked")
        List<Long> expired = entityManager.createNativeQuery("""
                SELECT id FROM job WHERE status = 'running' AND lease_until < now()
                ORDER BY lease_until LIMIT 100 FOR UPDATE SKIP LOCKED""", Long.class).getResultList();
        for (Long id : expired) {
            Job job = Job.findById(id);
            String reason = "lease of attempt " + job.attempt + " expired at " + job.leaseUntil + ": worker "
                    + job.claimedBy + " stopped renewing it";
            for (JobRun run : JobRun.<JobRun>list("jobId = ?1 and finishedAt is null", id)) {
                run.status = JobStatus.ERROR;
                run.finishedAt = Instant.now();
                run.stderr = run.stderr + reason + "\n";
            }
            job.status = JobStatus.SCHEDULED;
            job.claimedBy = null;
            job.leaseUntil = null;
            job.updatedAt = Instant.now();
            lifecycle.recordTransition(job, reason + "; scheduled again");
            outbox.append(Topics.JOB_REQUESTS, String.valueOf(job.connectionId), new JobRequest(job.id,
                    job.connectionId, job.projectId, job.teamId, job.kind.wire(), Instant.now()));
            LOG.warnf("job %d taken over: %s", id, reason);
        }
        return expired.size();
    }
}
