package io.synclane.worker.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Renews the leases of the jobs this worker runs, takes over jobs whose worker died, requests due retries,
 * and ends remote agents' jobs that no agent took in time.
 */
@ApplicationScoped
public class LeaseTicker {
    private static final Logger LOG = Logger.getLogger(LeaseTicker.class);

    private final LeaseService leases;
    private final JobExecutor executor;

    public LeaseTicker(LeaseService leases, JobExecutor executor) {
        this.leases = leases;
        this.executor = executor;
    }

    /** A renewal that finds the job no longer ours (cancelled, or taken over) stops the run. */
    @Scheduled(every = "${synclane.worker.lease-renew-every:20s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void renew() {
        for (JobExecutor.Running running : executor.running()) {
            if (!leases.renew(running.claim())) {
                LOG.infof("job %d is no longer this worker's to run; stopping it", running.claim().jobId());
                running.future().cancel(true);
            }
        }
    }

    @Scheduled(every = "${synclane.worker.lease-check-every:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void recover() {
        leases.recoverExpired();
        leases.requestDueRetries();
        leases.expireAgentWaits();
    }
}
