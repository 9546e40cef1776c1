package io.synclane.api.face.sde;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.synclane.api.service.ReportedResultService.ReportedResult;

/** "Post results" of seeds 000 and 001 (either spelling: {@code automatic} or {@code manual}). */
@JsonNaming(SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReportedResultBody(Long connection, String resultMessage, Boolean succeeded, Boolean automatic,
        Boolean manual) {
    static ReportedResult input(ReportedResultBody body) {
        return body == null ? null : new ReportedResult(body.connection, body.resultMessage, body.succeeded,
                body.automatic, body.manual);
    }
}
