package io.synclane.api.face.sde;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.synclane.api.service.ConnectivityTestService.ConnectorTestInput;
import java.util.Map;

@JsonNaming(SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConnectorTestBody(String name, SystemField system, Map<String, Object> params) {
    static ConnectorTestInput input(ConnectorTestBody body) {
        return body == null ? null : new ConnectorTestInput(body.name, SystemField.ref(body.system), body.params);
    }
}
