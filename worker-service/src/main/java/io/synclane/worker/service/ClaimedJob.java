package io.synclane.worker.service;

import io.synclane.common.domain.ConnectionKind;

/**
 * A job this worker has claimed and must now run: the claim's identity, and its connection's {@link RunTarget}
 * ({@code null} when the connection was deleted).
 */
public record ClaimedJob(long jobId, long connectionId, long projectId, ConnectionKind kind, int attempt,
        long jobRunId, long runKey, RunTarget target) {
}
