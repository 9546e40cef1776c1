package io.synclane.worker.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.job.JobStore;
import io.synclane.common.job.JobTransitions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

/** Ends the job a request named when that request cannot be processed and goes to the dead-letter topic. */
// Started with the process so that its counter is served (at 0) before the first dead letter.
@Startup
@ApplicationScoped
public class DeadLetterService {
    private final JobStore store;
    private final Counter deadLettered;

    public DeadLetterService(JobStore store, MeterRegistry meters) {
        this.store = store;
        this.deadLettered = Counter.builder("synclane.job.requests.dead.lettered")
                .description("Job requests that could not be read, sent to job-requests-dlq").register(meters);
    }

    /** Counts a request sent to the dead-letter topic, whether or not it names a job. */
    public void requestDeadLettered() {
        deadLettered.increment();
    }

    @Transactional
    public void jobRequestUnprocessable(long jobId, String reason) {
        store.end(List.of(jobId), JobTransitions.UNFINISHED, JobStatus.ERROR,
                "Its job request could not be processed and was sent to job-requests-dlq: " + reason);
    }
}
