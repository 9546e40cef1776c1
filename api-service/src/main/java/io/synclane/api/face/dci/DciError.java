package io.synclane.api.face.dci;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** The DCI face's error body: {@code {"status_code": N, "message": "...", "payload": {...}}}. */
public record DciError(@JsonProperty("status_code") int statusCode, String message, Map<String, Object> payload) {

    public static DciError of(int status, String message) {
        return new DciError(status, message, Map.of());
    }

    /** A refused field or parameter, named as the client sent it. */
    public static DciError field(int status, String field, String message) {
        return new DciError(status, "Request malformed: " + field + " " + message,
                Map.of("errors", Map.of(field, message)));
    }

    /** For answers written below Quarkus REST (authentication challenges). */
    static String json(int status, String message) {
        return new JsonObject().put("status_code", status).put("message", message).put("payload", new JsonObject())
                .encode();
    }
}
