package io.synclane.api.face.sde;

import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The system a connector speaks to, e.g. {@code {"id": "redmine", "short_name": "Redmine", "name": "Redmine"}}. */
@JsonNaming(SnakeCaseStrategy.class)
public record SystemView(String id, String shortName, String name) {
}
