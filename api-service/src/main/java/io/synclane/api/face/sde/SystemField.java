package io.synclane.api.face.sde;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.synclane.api.service.ConnectorService.SystemRef;

/** A body's {@code "system": {"id": "redmine"}}. */
@JsonNaming(SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SystemField(String id) {
    static SystemRef ref(SystemField system) {
        return system == null ? null : new SystemRef(system.id());
    }
}
