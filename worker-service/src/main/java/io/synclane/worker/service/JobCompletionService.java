package io.synclane.worker.service;

import io.synclane.common.domain.JobStatus;
import io.synclane.common.job.JobStore;
import io.synclane.common.job.JobStore.RunEnd;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides how each run's end moves its job (done, retried after a backoff, or given up) and has the store write
 * many of them in one transaction, the runners' group commit.
 */
@ApplicationScoped
public class JobCompletionService {
    private final JobStore store;
    private final RetryPolicy retries;

    public JobCompletionService(JobStore store, RetryPolicy retries) {
        this.store = store;
        this.retries = retries;
    }

    /** A run's end as its runner reports it. */
    public record Completion(ClaimedJob claim, RunOutcome outcome, JobLogBuffer log) {
    }

    /**
     * Writes many runs' ends; answers each run's recorded status, in order ({@code null} for a job deleted while
     * it ran). Only the attempt that still holds its job moves it: a job cancelled or taken over meanwhile keeps
     * what that write gave it.
     */
    @Transactional
    public List<JobStatus> completeAll(List<Completion> completions) {
        return store.endRuns(completions.stream().map(this::runEnd).toList());
    }

    private RunEnd runEnd(Completion completion) {
        ClaimedJob claim = completion.claim();
        RunOutcome outcome = completion.outcome();
        JobStatus status = outcome.status();
        String message = outcome.message();
        Duration retryAfter = null;
        if (outcome.retryable()) {
            Map<String, Object> params = claim.target() == null ? Map.of() : claim.target().params();
            Optional<Duration> delay = retries.nextDelay(claim.attempt(), params);
            if (delay.isPresent()) {
                status = JobStatus.SCHEDULED;
                retryAfter = delay.get();
                message = "Attempt " + claim.attempt() + " failed: " + outcome.message();
            } else {
                message = "Gave up after " + claim.attempt() + " attempts: " + outcome.message();
            }
        }
        JobLogBuffer log = completion.log();
        return new RunEnd(claim.jobId(), claim.attempt(), claim.jobRunId(), status, message, retryAfter,
                outcome.status(), log.stdout(), log.stderr(),
                "job-" + claim.jobId() + "-attempt-" + claim.attempt() + ".log",
                log.combined().getBytes(StandardCharsets.UTF_8));
    }
}
