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
        return json(of(status, message));
    }

    /** For answers written below Quarkus REST (the edge's refusals). */
    static String json(DciError error) {
        JsonObject payload = new JsonObject();
        error.payload().forEach((key, value) -> payload.put(key, value instanceof java.util.Map<?, ?> map
                ? new JsonObject(new java.util.LinkedHashMap<>(castKeys(map))) : value));
        return new JsonObject().put("status_code", error.statusCode()).put("message", error.message())
                .put("payload", payload).encode();
    }

    private static java.util.Map<String, Object> castKeys(java.util.Map<?, ?> map) {
        java.util.Map<String, Object> copy = new java.util.LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), value));
        return copy;
    }
}
