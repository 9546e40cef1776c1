package io.synclane.worker.agent;

import io.synclane.common.domain.ConnectionKind;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A job the api-service handed this agent ({@code POST /api/v1/jobs/schedule}), with what its job definition (the
 * connection) says to run: kind, system, project and params (the connector's overlaid by the connection's).
 */
public record AssignedJob(long id, String jobDefinitionId, String name, ConnectionKind kind, String system,
        long projectId, Map<String, Object> params) {
    public AssignedJob {
        // Not Map.copyOf: a param may be JSON null.
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** Params may hold credentials: a logged job must not show them. */
    @Override
    public String toString() {
        return "AssignedJob[id=" + id + ", jobDefinitionId=" + jobDefinitionId + ", kind=" + kind.wire() + ", system="
                + system + ", projectId=" + projectId + "]";
    }
}
