package io.synclane.worker.service;

import io.synclane.common.domain.TaskStatus;
import io.synclane.common.domain.VerificationStatus;

/** One task an import changes: its verification status, and its status when a mapping moves it. */
public record TaskChange(long id, String taskId, VerificationStatus before, VerificationStatus after,
        TaskStatus statusBefore, TaskStatus statusAfter) {
}
