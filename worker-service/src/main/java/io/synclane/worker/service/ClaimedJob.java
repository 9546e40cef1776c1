package io.synclane.worker.service;

import io.synclane.common.domain.ConnectionKind;

/**
 * A job this worker has claimed and must now run: the claim's identity, the {@code X-Request-Id} that created the
 * job (null for the scheduler's), and its connection's {@link RunTarget} ({@code null} when the connection was
 * deleted).
 */
public record ClaimedJob(long jobId, long connectionId, long projectId, ConnectionKind kind, int attempt,
        long jobRunId, long runKey, String requestId, RunTarget target) {
}
