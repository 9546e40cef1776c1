package io.synclane.api.face.sde;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@JsonNaming(SnakeCaseStrategy.class)
public record ConnectorView(long id, String name, SystemView system, boolean inaccessible,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "Only for callers with the edit-connections permission of this side.")
        Map<String, Object> params) {
}
