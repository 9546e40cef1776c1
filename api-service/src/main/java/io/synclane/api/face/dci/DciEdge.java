package io.synclane.api.face.dci;

import io.synclane.api.config.ApiConfig;
import io.synclane.api.http.FaceEdge;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The /api/v1 face at the edge. A file upload may carry the largest file a job takes
 * ({@code synclane.agents.max-file-size}) and room for a JSON envelope (a file sent as JSON text may be escaped); an
 * agent's task outcomes, a project's worth of tasks; anything else is a small JSON object. Refusals are
 * {@code {"status_code", "message", "payload"}}, a refused field named in {@code payload.errors}.
 */
@ApplicationScoped
public class DciEdge implements FaceEdge {
    static final long ENVELOPE = 64 * 1024;
    static final long TASKS_LIMIT = 4 << 20;
    static final long BODY_LIMIT = 256 << 10;
    private static final Pattern FILES = Pattern.compile("^/api/v1/(files|jobs/[^/]+/files)/?$");
    private static final Pattern TASKS = Pattern.compile("^/api/v1/jobs/[^/]+/tasks/?$");

    private final long fileLimit;

    public DciEdge(ApiConfig config) {
        this.fileLimit = config.agents().maxFileSize() + ENVELOPE;
    }

    @Override
    public boolean owns(String path) {
        return DciAuthenticationMechanism.isFacePath(path);
    }

    @Override
    public long bodyLimit(String method, String path) {
        if ("POST".equals(method) && FILES.matcher(path).matches()) {
            return fileLimit;
        }
        if ("POST".equals(method) && TASKS.matcher(path).matches()) {
            return TASKS_LIMIT;
        }
        return BODY_LIMIT;
    }

    @Override
    public ErrorAnswer error(int status, String field, String message, EdgeRequest request) {
        DciError body = field == null ? DciError.of(status, message) : DciError.field(status, field, message);
        return new ErrorAnswer(status, "application/json", DciError.json(body).getBytes(StandardCharsets.UTF_8));
    }
}
