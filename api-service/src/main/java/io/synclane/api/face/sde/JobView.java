package io.synclane.api.face.sde;

import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A job in both versions of the page at once (seeds 000 and 001): {@code completed}/{@code ready},
 * {@code manual}/{@code automatic}; {@code connection} is its id, or the connection with {@code expand=connection}.
 */
@JsonNaming(SnakeCaseStrategy.class)
public record JobView(long id, long projectId,
        @Schema(oneOf = {Long.class, JobConnectionView.class},
                description = "The connection's id; the connection itself with expand=connection.")
        Object connection,
        Long user, boolean succeeded, boolean completed, boolean ready, boolean manual, boolean automatic,
        String resultMessage, Instant lastRun, String status, Instant created) {
}
