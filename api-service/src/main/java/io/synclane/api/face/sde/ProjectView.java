package io.synclane.api.face.sde;

import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

@JsonNaming(SnakeCaseStrategy.class)
public record ProjectView(long id, String name, String description, String profile, Instant created,
        Instant updated) {
}
