package io.synclane.api.face.sde;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The connection as {@code ?expand=connection} embeds it in a job (seed 001's field order). */
@JsonNaming(SnakeCaseStrategy.class)
public record JobConnectionView(String alias, String command, String frequency, long id,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "Only for callers with the edit-connections permission of this side.")
        Map<String, Object> params,
        long project, String system) {
}
