package io.synclane.api.face.ui;

import io.synclane.api.http.FaceEdge;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;

/**
 * The dashboard at the edge: its pages and scripts under {@value #ROOT}/, its JSON under {@value #API}/ (read-only:
 * every change the dashboard makes goes through /api/v2), and {@code /}, which points at it. No route takes a body
 * beyond {@value #BODY_LIMIT} bytes; refusals are {@code {"detail": ...}} or {@code {"field": ["message"]}}, as the
 * dashboard's script reads /api/v2's.
 */
@ApplicationScoped
public class UiEdge implements FaceEdge {
    static final String ROOT = "/ui";
    static final String API = ROOT + "/api";
    static final long BODY_LIMIT = 64 * 1024;

    @Override
    public boolean owns(String path) {
        return "/".equals(path) || FaceEdge.under(ROOT, path);
    }

    @Override
    public long bodyLimit(String method, String path) {
        return BODY_LIMIT;
    }

    @Override
    public ErrorAnswer error(int status, String field, String message, EdgeRequest request) {
        JsonObject body = field == null ? new JsonObject().put("detail", message)
                : new JsonObject().put(field, new JsonArray().add(message));
        return new ErrorAnswer(status, "application/json", body.encode().getBytes(StandardCharsets.UTF_8));
    }
}
