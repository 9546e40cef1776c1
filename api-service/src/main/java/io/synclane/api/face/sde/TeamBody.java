package io.synclane.api.face.sde;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.synclane.api.service.TeamService.TeamInput;

@JsonNaming(SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TeamBody(String name, Boolean advancedAlm) {
    static TeamInput input(TeamBody body) {
        return body == null ? null : new TeamInput(body.name, body.advancedAlm);
    }

    static TeamInput changes(TeamBody body) {
        return body == null ? new TeamInput(null, null) : input(body);
    }
}
