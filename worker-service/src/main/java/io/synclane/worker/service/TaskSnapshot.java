package io.synclane.worker.service;

import io.synclane.common.domain.TaskStatus;
import io.synclane.common.domain.VerificationStatus;
import java.util.Set;

/** What the planner needs to know of a task. */
public record TaskSnapshot(long id, String taskId, Set<Integer> cwes, VerificationStatus verification,
        TaskStatus status) {
    public TaskSnapshot {
        cwes = Set.copyOf(cwes);
    }
}
