package io.synclane.api.face.sde;

import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@JsonNaming(SnakeCaseStrategy.class)
public record TaskView(@Schema(examples = "12-T21") String id, String taskId, long project, String title, String text,
        String phase, int priority, String status, String verificationStatus, List<Integer> cwes, Instant updated) {
}
