package io.synclane.worker.service;

import io.synclane.common.job.JobStore;
import io.synclane.common.job.JobStore.ExpiredLease;
import io.synclane.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * A claim holds only while its worker renews the lease. A worker that dies (SIGKILL, lost machine) stops
 * renewing; once the lease has expired any replica takes the job over: the dead attempt's run is recorded
 * as {@code error} with the reason, and the job is scheduled and requested again, unless that was its last
 * attempt ({@code max_attempts}, as for retries): then it ends {@code error} saying so. Leases are written and
 * judged on the database's clock.
 */
@ApplicationScoped
public class LeaseService {
    private static final Logger LOG = Logger.getLogger(LeaseService.class);
    private static final int BATCH = 100;

    private final JobStore store;
    private final WorkerIdentity identity;
    private final WorkerConfig config;
    private final RetryPolicy retries;

    public LeaseService(JobStore store, WorkerIdentity identity, WorkerConfig config, RetryPolicy retries) {
        this.store = store;
        this.identity = identity;
        this.config = config;
        this.retries = retries;
    }

    /** Extends this worker's lease on a running job; false when the job is no longer this attempt's to run. */
    @Transactional
    public boolean renew(ClaimedJob claim) {
        return store.renew(claim.jobId(), claim.attempt(), identity.processId(), config.lease());
    }

    /** Requests again the jobs whose retry backoff has passed; returns how many. */
    @Transactional
    public int requestDueRetries() {
        return store.requestDueRetries(BATCH);
    }

    /** Takes over running jobs whose lease has expired; returns how many. */
    @Transactional
    public int recoverExpired() {
        List<ExpiredLease> expired = store.lockExpiredLeases(BATCH);
        for (ExpiredLease lease : expired) {
            String reason = "lease of attempt " + lease.attempt() + " expired at " + lease.leaseUntil() + ": worker "
                    + lease.claimedBy() + " stopped renewing it";
            int maxAttempts = retries.maxAttempts(lease.maxAttemptsParam() == null ? Map.of()
                    : Map.of("max_attempts", lease.maxAttemptsParam()));
            boolean giveUp = lease.attempt() >= maxAttempts;
            String message = "Gave up after " + lease.attempt() + " attempts: the worker running it stopped each time"
                    + " (the last one, " + lease.claimedBy() + ", let its lease expire at " + lease.leaseUntil() + ").";
            if (store.takeOver(lease, giveUp, reason, message)) {
                LOG.warnf("job %d %s: %s", lease.jobId(), giveUp ? "ended error" : "taken over", reason);
            }
        }
        return expired.size();
    }

    /** Ends the remote agents' jobs that waited longer than {@code synclane.worker.agent-wait}; returns how many. */
    @Transactional
    public int expireAgentWaits() {
        return store.expireAgentWaits(config.agentWait(), BATCH);
    }
}
