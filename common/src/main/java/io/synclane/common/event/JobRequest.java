package io.synclane.common.event;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * Asks a worker to run a job. Carries only ids: the job row in PostgreSQL is the truth. {@code requestId} is the
 * {@code X-Request-Id} of the HTTP request that created the job (null for the scheduler's), for the run's log lines.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record JobRequest(long jobId, long connectionId, long projectId, long teamId, String kind, Instant requestedAt,
        String requestId) {
}
