package io.synclane.api.face.sde;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.synclane.api.service.UserService.UserInput;
import java.util.List;

@JsonNaming(SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record UserBody(String email, String name, Long team, Boolean isAdmin, List<String> permissions) {
    static UserInput input(UserBody body) {
        return body == null ? null : new UserInput(body.email, body.name, body.team, body.isAdmin, body.permissions);
    }

    static UserInput changes(UserBody body) {
        return body == null ? new UserInput(null, null, null, null, null) : input(body);
    }
}
