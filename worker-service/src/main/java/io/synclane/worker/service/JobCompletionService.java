package io.synclane.worker.service;

import io.synclane.common.domain.Connection;
import io.synclane.common.domain.Job;
import io.synclane.common.domain.JobFile;
import io.synclane.common.domain.JobRun;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.job.JobLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Writes a run's end: the job's terminal state and message, the run's output, and its log file. */
@ApplicationScoped
public class JobCompletionService {
    private final JobLifecycle lifecycle;
    private final RetryPolicy retries;

    public JobCompletionService(JobLifecycle lifecycle, RetryPolicy retries) {
        this.lifecycle = lifecycle;
        this.retries = retries;
    }

    /** A run's end as its runner reports it. */
    public record Completion(ClaimedJob claim, RunOutcome outcome, JobLogBuffer log) {
    }

    /**
     * Writes many runs' ends in one transaction (the runners' group commit); answers each run's recorded
     * status, in order.
     */
    @Transactional
    public List<JobStatus> completeAll(List<Completion> completions) {
        // Two queries load every job and run of the batch; the finds below are then served from the session.
        Job.list("id in ?1", completions.stream().map(c -> c.claim().jobId()).toList());
        JobRun.list("id in ?1", completions.stream().map(c -> c.claim().jobRunId()).toList());
        return completions.stream().map(c -> complete(c.claim(), c.outcome(), c.log())).toList();
    }

    private JobStatus complete(ClaimedJob claim, RunOutcome outcome, JobLogBuffer log) {
        Job job = Job.findById(claim.jobId());
        JobRun run = JobRun.findById(claim.jobRunId());
        // Only the attempt that still holds the claim ends the job. A cancelled job stays killed; a job
        // taken over after this worker's lease expired belongs to the new attempt, and this run was
        // already closed as an error when it was taken over.
        boolean current = job.attempt == claim.attempt() && !job.status.isTerminal();
        if (current && outcome.retryable()) {
            Map<String, Object> params = Connection.<Connection>findById(job.connectionId).effectiveParams();
            Optional<Duration> delay = retries.nextDelay(job.attempt, params);
            if (delay.isPresent()) {
                scheduleRetry(job, outcome, delay.get());
            } else {
                lifecycle.finish(job, JobStatus.FAILURE, "Gave up after " + job.attempt + " attempts: " + outcome.message());
            }
            run.status = JobStatus.FAILURE;
        } else if (current && lifecycle.finish(job, outcome.status(), outcome.message())) {
            run.status = outcome.status();
        } else if (job.status == JobStatus.KILLED && job.attempt == claim.attempt()) {
            run.status = JobStatus.KILLED;
        }
        if (run.finishedAt == null) {
            run.finishedAt = Instant.now();
        }
        run.stdout = log.stdout();
        run.stderr = run.stderr + log.stderr();
        attachLog(claim, log.combined());
        return run.status;
    }

    /** Back to {@code scheduled}; the lease sweeper requests it again once {@code retry_at} has passed. */
    private void scheduleRetry(Job job, RunOutcome outcome, Duration delay) {
        Instant now = Instant.now();
        job.status = JobStatus.SCHEDULED;
        job.claimedBy = null;
        job.leaseUntil = null;
        job.retryAt = now.plus(delay);
        job.updatedAt = now;
        job.resultMessage = "Attempt " + job.attempt + " failed: " + outcome.message() + " Retrying at " + job.retryAt + ".";
        lifecycle.recordTransition(job, job.resultMessage);
    }

    private static void attachLog(ClaimedJob claim, String text) {
        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        JobFile file = new JobFile();
        file.jobId = claim.jobId();
        file.name = "job-" + claim.jobId() + "-attempt-" + claim.attempt() + ".log";
        file.mime = "text/plain";
        file.size = content.length;
        file.md5 = md5(content);
        file.content = content;
        file.persist();
    }

    private static String md5(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }
}
