package io.synclane.worker.service;

import io.synclane.common.domain.JobStatus;
import io.synclane.common.job.JobStore;
import io.synclane.common.job.JobTransitions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

/** Ends the job a request named when that request cannot be processed and goes to the dead-letter topic. */
@ApplicationScoped
public class DeadLetterService {
    private final JobStore store;

    public DeadLetterService(JobStore store) {
        this.store = store;
    }

    @Transactional
    public void jobRequestUnprocessable(long jobId, String reason) {
        store.end(List.of(jobId), JobTransitions.UNFINISHED, JobStatus.ERROR,
                "Its job request could not be processed and was sent to job-requests-dlq: " + reason);
    }
}
