package io.synclane.worker.service;

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
import java.time.Instant;
import java.util.HexFormat;

/** Writes a run's end: the job's terminal state and message, the run's output, and its log file. */
@ApplicationScoped
public class JobCompletionService {
    private final JobLifecycle lifecycle;

    public JobCompletionService(JobLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Transactional
    public void complete(ClaimedJob claim, RunOutcome outcome, JobLogBuffer log) {
        Job job = Job.findById(claim.jobId());
        JobRun run = JobRun.findById(claim.jobRunId());
        // Only the attempt that still holds the claim ends the job. A cancelled job stays killed; a job
        // taken over after this worker's lease expired belongs to the new attempt, and this run was
        // already closed as an error when it was taken over.
        if (job.attempt == claim.attempt() && lifecycle.finish(job, outcome.status(), outcome.message())) {
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
