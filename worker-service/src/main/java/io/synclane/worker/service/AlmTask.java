package io.synclane.worker.service;

import io.synclane.common.domain.TaskStatus;
import io.synclane.common.domain.VerificationStatus;
import java.time.Instant;
import java.util.Set;

/** What an ALM sync needs to know of a task. {@code id} is the task row's id, {@code taskId} e.g. {@code T21}. */
public record AlmTask(long id, String taskId, String title, String text, String phase, int priority,
        TaskStatus status, VerificationStatus verification, Set<String> tags, Instant updatedAt) {
    public AlmTask {
        tags = Set.copyOf(tags);
    }

    /** DONE and NA both mean nothing is left to do: the ALM issue is closed. */
    public boolean done() {
        return status != TaskStatus.TODO;
    }
}
