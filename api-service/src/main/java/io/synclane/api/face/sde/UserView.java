package io.synclane.api.face.sde;

import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

@JsonNaming(SnakeCaseStrategy.class)
public record UserView(long id, String email, String name, long team, boolean isAdmin, List<String> permissions) {
}
