package io.synclane.worker.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.synclane.common.event.JobRequest;
import io.synclane.worker.service.ClaimedJob;
import io.synclane.common.persistence.DatabaseOutage;
import io.synclane.worker.service.DeadLetterService;
import io.synclane.common.job.GroupCommitter;
import io.synclane.worker.service.JobClaimService;
import io.synclane.worker.service.JobExecutor;
import io.synclane.worker.service.JobRunner;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Turns {@code job-requests} into claimed, running jobs. The record is acknowledged when this method
 * returns, that is once the claim is committed, not when the (possibly long) sync ends. A record
 * that is not a job request fails the method and goes to {@code job-requests-dlq}.
 */
@ApplicationScoped
public class JobRequestConsumer {
    private static final Logger LOG = Logger.getLogger(JobRequestConsumer.class);
    private static final int MAX_BATCH = 64;

    private final ObjectMapper objectMapper;
    /** Requests arriving together are claimed in one transaction. */
    private final GroupCommitter<Long, Optional<ClaimedJob>> claims;
    private final JobExecutor executor;
    private final JobRunner runner;
    private final DeadLetterService deadLetters;

    public JobRequestConsumer(ObjectMapper objectMapper, JobClaimService claims, JobExecutor executor,
            JobRunner runner, DeadLetterService deadLetters, MeterRegistry meters) {
        this.deadLetters = deadLetters;
        this.objectMapper = objectMapper;
        DistributionSummary batchSizes = DistributionSummary.builder("synclane.claim.batch.size")
                .description("Job requests claimed in one transaction").publishPercentileHistogram()
                .minimumExpectedValue(1.0).maximumExpectedValue((double) MAX_BATCH).register(meters);
        this.claims = new GroupCommitter<>("job-claims", MAX_BATCH, claims::claimAll, batchSizes::record);
        this.executor = executor;
        this.runner = runner;
    }

    @Incoming("job-requests")
    @Blocking(ordered = false)
    public void onRequest(String payload) throws JsonProcessingException, InterruptedException {
        JobRequest request;
        try {
            request = objectMapper.readValue(payload, JobRequest.class);
        } catch (JsonProcessingException e) {
            deadLetters.requestDeadLettered();
            endTheJobItNames(payload, e);
            throw e;
        }
        executor.acquireSlot();
        Optional<ClaimedJob> claimed;
        try {
            // A database outage must not send valid requests to the dead-letter topic: wait it out.
            claimed = DatabaseOutage.retryWhileDown("claiming job " + request.jobId(),
                    () -> claims.submit(request.jobId()));
        } catch (InterruptedException | RuntimeException e) {
            executor.releaseSlot();
            throw e;
        }
        if (claimed.isPresent()) {
            executor.start(claimed.get(), () -> runner.run(claimed.get()));
        } else {
            executor.releaseSlot();
            LOG.debugf("job %d was already claimed or finished; request ignored", request.jobId());
        }
    }

    @PreDestroy
    void stop() {
        claims.close();
    }

    /** A request that cannot be read may still name its job: that job ends {@code error} instead of waiting forever. */
    private void endTheJobItNames(String payload, JsonProcessingException failure) {
        try {
            JsonNode jobId = objectMapper.readTree(payload).path("job_id");
            if (jobId.canConvertToLong()) {
                deadLetters.jobRequestUnprocessable(jobId.asLong(), failure.getOriginalMessage());
            }
        } catch (JsonProcessingException notJson) {
            // Names no job: the dead-letter topic is all that can be done.
        }
    }
}
