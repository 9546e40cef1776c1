package io.synclane.worker.service;

import io.synclane.common.domain.ConnectionKind;

/** A job this worker has claimed and must now run: the claim's identity, not the job's data. */
public record ClaimedJob(long jobId, long connectionId, long projectId, ConnectionKind kind, int attempt,
        long jobRunId, String runKey) {
}
