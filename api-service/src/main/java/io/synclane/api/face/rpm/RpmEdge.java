package io.synclane.api.face.rpm;

import io.synclane.api.http.FaceEdge;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The /v1 face at the edge: its routes are reads (writes answer 405), so no request needs a body of any size; one
 * over {@value #BODY_LIMIT} bytes is refused unread. Refusals are {@code {"error": ...}} or
 * {@code <errors><error>...</error></errors>}, in the format the request asked for.
 */
@ApplicationScoped
public class RpmEdge implements FaceEdge {
    static final long BODY_LIMIT = 64 << 10;
    private static final String ROOT = "/v1";

    @Override
    public boolean owns(String path) {
        return FaceEdge.under(ROOT, path);
    }

    @Override
    public long bodyLimit(String method, String path) {
        return BODY_LIMIT;
    }

    @Override
    public ErrorAnswer error(int status, String field, String message, EdgeRequest request) {
        RpmFormat format = RpmFormat.forError(request.path(), request.formatParameter(), request.accept());
        return new ErrorAnswer(status, format.contentType(),
                RpmResponses.errorBody(format, field == null ? message : field + " " + message));
    }
}
