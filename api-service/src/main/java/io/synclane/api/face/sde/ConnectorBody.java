package io.synclane.api.face.sde;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.synclane.api.service.ConnectorService.ConnectorInput;
import java.util.Map;

/** A connector as clients send it (seed 002); keys it does not know are ignored, as SD Elements does. */
@JsonNaming(SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConnectorBody(String name, SystemField system, Boolean inaccessible, Map<String, Object> params) {
    /** For a create: no body at all is the service's "name is required". */
    static ConnectorInput input(ConnectorBody body) {
        return body == null ? null : new ConnectorInput(body.name, SystemField.ref(body.system), body.inaccessible,
                body.params);
    }

    /** For a PATCH: no body changes nothing. */
    static ConnectorInput changes(ConnectorBody body) {
        return body == null ? new ConnectorInput(null, null, null, null) : input(body);
    }
}
