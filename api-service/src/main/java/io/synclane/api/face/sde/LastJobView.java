package io.synclane.api.face.sde;

import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/** A connection's newest job, as {@code ?include=last_job} shows it (seed 002's field order). */
@JsonNaming(SnakeCaseStrategy.class)
public record LastJobView(boolean succeeded, Instant lastRun, String resultMessage, Long user, boolean ready,
        boolean automatic, long id, String status) {
}
