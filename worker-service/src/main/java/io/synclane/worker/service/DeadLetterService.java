package io.synclane.worker.service;

import io.synclane.common.domain.Job;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.job.JobLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Ends the job a request named when that request cannot be processed and goes to the dead-letter topic. */
@ApplicationScoped
public class DeadLetterService {
    private final JobLifecycle lifecycle;

    public DeadLetterService(JobLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Transactional
    public void jobRequestUnprocessable(long jobId, String reason) {
        Job job = Job.findById(jobId);
        if (job != null) {
            lifecycle.finish(job, JobStatus.ERROR,
                    "Its job request could not be processed and was sent to job-requests-dlq: " + reason);
        }
    }
}
