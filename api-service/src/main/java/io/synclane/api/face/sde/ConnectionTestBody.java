package io.synclane.api.face.sde;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.synclane.api.service.ConnectivityTestService.ConnectionTestInput;
import java.util.Map;

@JsonNaming(SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConnectionTestBody(String alias, Long connector, Long project, SystemField system,
        Map<String, Object> params) {
    static ConnectionTestInput input(ConnectionTestBody body) {
        return body == null ? null : new ConnectionTestInput(body.alias, body.connector, body.project,
                SystemField.ref(body.system), body.params);
    }
}
