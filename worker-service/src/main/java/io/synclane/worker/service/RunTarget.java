package io.synclane.worker.service;

import java.util.Map;

/** What a run needs of its connection, read in the claim's transaction. */
public record RunTarget(String system, long projectId, Map<String, Object> params) {
    /** The params hold the connection's secrets: a logged claim must not show them. */
    @Override
    public String toString() {
        return "RunTarget[system=" + system + ", projectId=" + projectId + ", params=" + params.keySet() + "]";
    }
}
