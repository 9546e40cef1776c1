package io.synclane.api.face.sde;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.synclane.api.service.ApiTokenService.TokenInput;

@JsonNaming(SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TokenBody(String name) {
    static TokenInput input(TokenBody body) {
        return body == null ? null : new TokenInput(body.name);
    }
}
