package io.synclane.api.face.sde;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.synclane.api.service.ConnectionService.ConnectionInput;
import java.util.Map;

/** A connection as clients send it (seed 002); null fields are left as they are on PATCH, unknown keys ignored. */
@JsonNaming(SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConnectionBody(String alias, Long connector, Long project, String frequency, Boolean debugMode,
        Map<String, Object> params, String scheduleTimezone, Integer scheduleMinute, Integer scheduleHour,
        Integer scheduleDay, Boolean schedulePaused) {
    static ConnectionInput input(ConnectionBody body) {
        return body == null ? null : new ConnectionInput(body.alias, body.connector, body.project, body.frequency,
                body.debugMode, body.params, body.scheduleTimezone, body.scheduleMinute, body.scheduleHour,
                body.scheduleDay, body.schedulePaused);
    }

    static ConnectionInput changes(ConnectionBody body) {
        return body == null ? ConnectionInput.empty() : input(body);
    }
}
