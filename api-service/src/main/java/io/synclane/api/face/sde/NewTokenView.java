package io.synclane.api.face.sde;

import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/** The answer to a token's creation: the only time its key is shown. */
@JsonNaming(SnakeCaseStrategy.class)
public record NewTokenView(long id, String name, String prefix, long user, Instant created, String key) {
}
