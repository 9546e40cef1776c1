package io.synclane.worker.service;

import io.synclane.common.domain.Job;
import io.synclane.common.domain.JobRun;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.job.JobLifecycle;
import io.synclane.common.job.JobLifecycle.Transition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.Session;

/** Writes runs' ends: each job's terminal state and message, the run's output, and its log file. */
@ApplicationScoped
public class JobCompletionService {
    private final EntityManager entityManager;
    private final JobLifecycle lifecycle;
    private final RetryPolicy retries;

    public JobCompletionService(EntityManager entityManager, JobLifecycle lifecycle, RetryPolicy retries) {
        this.entityManager = entityManager;
        this.lifecycle = lifecycle;
        this.retries = retries;
    }

    /** A run's end as its runner reports it. */
    public record Completion(ClaimedJob claim, RunOutcome outcome, JobLogBuffer log) {
    }

    /**
     * Writes many runs' ends in one transaction (the runners' group commit), with a fixed number of statements
     * for the states, events and log files whatever the batch size; answers each run's recorded status, in order
     * ({@code null} for a job deleted while it ran).
     */
    @Transactional
    public List<JobStatus> completeAll(List<Completion> completions) {
        Session session = entityManager.unwrap(Session.class);
        // One array-bound query each loads the batch's jobs and runs (HQL "in" lists are translated anew for
        // every list length, which cost more than the queries did).
        List<Job> jobs = session.findMultiple(Job.class, completions.stream().map(c -> c.claim().jobId()).toList());
        List<JobRun> runs = session.findMultiple(JobRun.class,
                completions.stream().map(c -> c.claim().jobRunId()).toList());
        List<Transition> transitions = new ArrayList<>();
        List<JobStatus> recorded = new ArrayList<>(completions.size());
        List<Completion> logged = new ArrayList<>(completions.size());
        for (int i = 0; i < completions.size(); i++) {
            if (jobs.get(i) == null || runs.get(i) == null) {
                recorded.add(null); // deleted with its connection while it ran: nothing left to record
                continue;
            }
            recorded.add(complete(completions.get(i), jobs.get(i), runs.get(i), transitions));
            logged.add(completions.get(i));
        }
        lifecycle.recordTransitions(transitions);
        attachLogs(session, logged);
        return recorded;
    }

    private JobStatus complete(Completion completion, Job job, JobRun run, List<Transition> transitions) {
        ClaimedJob claim = completion.claim();
        RunOutcome outcome = completion.outcome();
        // Only the attempt that still holds the claim ends the job. A cancelled job stays killed; a job
        // taken over after this worker's lease expired belongs to the new attempt, and this run was
        // already closed as an error when it was taken over.
        boolean current = job.attempt == claim.attempt() && !job.status.isTerminal();
        if (current && outcome.retryable()) {
            Map<String, Object> params = claim.target() == null ? Map.of() : claim.target().params();
            Optional<Duration> delay = retries.nextDelay(job.attempt, params);
            if (delay.isPresent()) {
                transitions.add(scheduleRetry(job, outcome, delay.get()));
            } else {
                lifecycle.end(job, JobStatus.FAILURE, "Gave up after " + job.attempt + " attempts: " + outcome.message())
                        .ifPresent(transitions::add);
            }
            run.status = JobStatus.FAILURE;
        } else if (current) {
            Optional<Transition> ended = lifecycle.end(job, outcome.status(), outcome.message());
            ended.ifPresent(transitions::add);
            if (ended.isPresent()) {
                run.status = outcome.status();
            }
        } else if (job.status == JobStatus.KILLED && job.attempt == claim.attempt()) {
            run.status = JobStatus.KILLED;
        }
        if (run.finishedAt == null) {
            run.finishedAt = Instant.now();
        }
        run.stdout = completion.log().stdout();
        run.stderr = run.stderr + completion.log().stderr();
        return run.status;
    }

    /** Back to {@code scheduled}; the lease sweeper requests it again once {@code retry_at} has passed. */
    private static Transition scheduleRetry(Job job, RunOutcome outcome, Duration delay) {
        Instant now = Instant.now();
        job.status = JobStatus.SCHEDULED;
        job.claimedBy = null;
        job.leaseUntil = null;
        job.retryAt = now.plus(delay);
        job.updatedAt = now;
        job.resultMessage = "Attempt " + job.attempt + " failed: " + outcome.message() + " Retrying at " + job.retryAt + ".";
        return Transition.of(job, job.resultMessage);
    }

    /** Each run's log as a job file, one JDBC batch for all of them. */
    private static void attachLogs(Session session, List<Completion> completions) {
        session.doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO job_file (job_id, name, mime, size, md5, content) VALUES (?, ?, 'text/plain', ?, ?, ?)")) {
                for (Completion completion : completions) {
                    ClaimedJob claim = completion.claim();
                    byte[] content = completion.log().combined().getBytes(StandardCharsets.UTF_8);
                    insert.setLong(1, claim.jobId());
                    insert.setString(2, "job-" + claim.jobId() + "-attempt-" + claim.attempt() + ".log");
                    insert.setLong(3, content.length);
                    insert.setString(4, md5(content));
                    insert.setBytes(5, content);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    private static String md5(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }
}
