package io.synclane.api.face.sde;

import io.synclane.api.http.FaceEdge;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;

/**
 * The /api/v2 face at the edge: every route takes a JSON body of at most {@value #BODY_LIMIT} bytes (a connection
 * with its params, a result message of {@code Texts.TEXT_MAX} characters escaped, fit well within); its refusals are
 * {@code {"detail": ...}} or {@code {"field": ["message"]}}. Its shape also answers paths of no face.
 */
@ApplicationScoped
public class SdeEdge implements FaceEdge {
    static final long BODY_LIMIT = 1 << 20;
    private static final String ROOT = "/api/v2";

    @Override
    public boolean owns(String path) {
        return FaceEdge.under(ROOT, path);
    }

    @Override
    public boolean fallback() {
        return true;
    }

    @Override
    public long bodyLimit(String method, String path) {
        return BODY_LIMIT;
    }

    @Override
    public boolean readsJson(String method, String path) {
        return true;
    }

    @Override
    public ErrorAnswer error(int status, String field, String message, EdgeRequest request) {
        JsonObject body = field == null ? new JsonObject().put("detail", message)
                : new JsonObject().put(field, new JsonArray().add(message));
        return new ErrorAnswer(status, "application/json", body.encode().getBytes(StandardCharsets.UTF_8));
    }
}
