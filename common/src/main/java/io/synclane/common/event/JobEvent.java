package io.synclane.common.event;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/** A job moved: published on {@code job-events} for every job state, streamed to operators. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record JobEvent(long jobId, long connectionId, long projectId, long teamId, String kind, String status,
        String resultMessage, Instant at) {
}
