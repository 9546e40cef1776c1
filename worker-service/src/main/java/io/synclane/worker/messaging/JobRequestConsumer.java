package io.synclane.worker.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.synclane.common.event.JobRequest;
import io.synclane.worker.service.ClaimedJob;
import io.synclane.worker.service.DeadLetterService;
import io.synclane.worker.service.GroupCommitter;
import io.synclane.worker.service.JobClaimService;
import io.synclane.worker.service.JobExecutor;
import io.synclane.worker.service.JobRunner;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
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
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final int MAX_BATCH = 64;

    private final ObjectMapper objectMapper;
    /** Requests arriving together are claimed in one transaction. */
    private final GroupCommitter<Long, Optional<ClaimedJob>> claims;
    private final JobExecutor executor;
    private final JobRunner runner;
    private final DeadLetterService deadLetters;

    public JobRequestConsumer(ObjectMapper objectMapper, JobClaimService claims, JobExecutor executor,
            JobRunner runner, DeadLetterService deadLetters) {
        this.deadLetters = deadLetters;
        this.objectMapper = objectMapper;
        this.claims = new GroupCommitter<>("job-claims", MAX_BATCH, claims::claimAll);
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
            endTheJobItNames(payload, e);
            throw e;
        }
        executor.acquireSlot();
        Optional<ClaimedJob> claimed;
        try {
            claimed = claimWhileDatabaseIsDown(request.jobId());
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

    /** A database outage must not send valid requests to the dead-letter topic: wait it out. */
    private Optional<ClaimedJob> claimWhileDatabaseIsDown(long jobId) throws InterruptedException {
        Duration backoff = Duration.ofMillis(100);
        while (true) {
            try {
                return claims.submit(jobId);
            } catch (RuntimeException e) {
                if (!isDatabaseUnavailable(e)) {
                    throw e;
                }
                LOG.warnf("database unavailable while claiming job %d, retrying in %s", jobId, backoff);
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /**
     * Connection failures (SQLState class 08) and a server shutting down or restarting (57P01 admin shutdown,
     * 57P02 crash shutdown, 57P03 cannot connect now): the request is retried, not dropped. A restart of
     * PostgreSQL under load showed the 57P01 case: it left jobs scheduled forever before it was listed here.
     * A failed commit arrives as Narayana's {@code RollbackException} with the driver's error only among its
     * suppressed exceptions, so those are searched too (PostgresRestartIT lost four jobs that way).
     */
    static boolean isDatabaseUnavailable(Throwable e) {
        if (e == null) {
            return false;
        }
        if (e instanceof java.sql.SQLTransientConnectionException
                || e instanceof java.net.ConnectException
                || (e instanceof java.sql.SQLException sql && sql.getSQLState() != null
                        && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0")))) {
            return true;
        }
        for (Throwable suppressed : e.getSuppressed()) {
            if (isDatabaseUnavailable(suppressed)) {
                return true;
            }
        }
        return e.getCause() != e && isDatabaseUnavailable(e.getCause());
    }
}
