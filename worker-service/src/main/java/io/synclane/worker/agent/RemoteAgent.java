package io.synclane.worker.agent;

import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The agent's loop: asks {@code /api/v1/jobs/schedule} for a job, runs it to its end, asks again; one job at a time.
 * While there is nothing (412) or the api-service cannot be reached, it waits longer each time ({@link PollBackoff}).
 * An interrupt ends the loop (and the run in progress, as {@code error}).
 */
public final class RemoteAgent implements Runnable {
    private static final Logger LOG = Logger.getLogger(RemoteAgent.class);

    private final DciClient client;
    private final RemoteJobRunner runner;
    private final PollBackoff backoff;

    public RemoteAgent(DciClient client, RemoteJobRunner runner, PollBackoff backoff) {
        this.client = client;
        this.runner = runner;
        this.backoff = backoff;
    }

    @Override
    public void run() {
        String lastProblem = null;
        while (!Thread.currentThread().isInterrupted()) {
            Optional<AssignedJob> job;
            try {
                job = client.schedule();
                lastProblem = null;
            } catch (DciCallFailed e) {
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
                // Said once per kind of trouble, not at every poll of an outage.
                if (!e.getMessage().equals(lastProblem)) {
                    LOG.warnf("asking for a job failed: %s; polling on with backoff", e.getMessage());
                    lastProblem = e.getMessage();
                }
                job = Optional.empty();
            }
            if (job.isEmpty()) {
                if (!pause(backoff.next())) {
                    break;
                }
                continue;
            }
            backoff.reset();
            runner.run(job.get());
        }
        LOG.info("remote agent stopped");
    }

    private static boolean pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
