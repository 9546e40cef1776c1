package io.synclane.api.face.sde;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A connection (seed 002). {@code params} is absent for callers without the edit permission of its side;
 * {@code last_job} is absent unless asked for with {@code include=last_job}, and null when there is none.
 */
@JsonNaming(SnakeCaseStrategy.class)
public record ConnectionView(long id, String alias, SystemView system, String frequency, String command,
        boolean debugMode,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "Only for callers with the edit-connections permission of this side.")
        Map<String, Object> params,
        boolean inaccessible,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(implementation = LastJobView.class, nullable = true, description = "Only with include=last_job.")
        Optional<LastJobView> lastJob,
        boolean inProgress, long connector, long project, boolean schedulePaused, String scheduleTimezone,
        int scheduleMinute, int scheduleHour, int scheduleDay, Instant nextRun, int skippedRuns) {
}
