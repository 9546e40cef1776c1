package io.synclane.api.face.sde;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.synclane.api.service.ProjectService.ProjectInput;

@JsonNaming(SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProjectBody(String name, String description, String profile) {
    static ProjectInput input(ProjectBody body) {
        return body == null ? null : new ProjectInput(body.name, body.description, body.profile);
    }

    static ProjectInput changes(ProjectBody body) {
        return body == null ? new ProjectInput(null, null, null) : input(body);
    }
}
