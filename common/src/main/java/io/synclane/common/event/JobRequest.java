package io.synclane.common.event;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/** Asks a worker to run a job. Carries only ids: the job row in PostgreSQL is the truth. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record JobRequest(long jobId, long connectionId, long projectId, long teamId, String kind, Instant requestedAt) {
}
