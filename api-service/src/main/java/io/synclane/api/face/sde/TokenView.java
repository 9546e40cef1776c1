package io.synclane.api.face.sde;

import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/** A token as listed: never its key, which exists only in the answer to its creation ({@link NewTokenView}). */
@JsonNaming(SnakeCaseStrategy.class)
public record TokenView(long id, String name, String prefix, long user, Instant created) {
}
