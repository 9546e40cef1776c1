package io.synclane.api.face.sde;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A webhook; {@code secret} only in the answer to its creation and to a rotation, never again. */
@JsonNaming(SnakeCaseStrategy.class)
public record WebhookView(long id, String url, List<String> statuses, List<Long> connections, boolean active,
        Instant created, Instant updated,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "The signing secret (whsec_...): in the answers to a creation and a rotation only")
        String secret) {
}
