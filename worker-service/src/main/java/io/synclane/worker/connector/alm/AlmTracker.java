package io.synclane.worker.connector.alm;

import io.synclane.worker.connector.ConnectorFailure;
import java.util.Optional;

/** One project of one ALM, connected and checked: what the sync engine asks of every system. */
public interface AlmTracker {
    /**
     * The task's issue: by the key stored at an earlier sync when there is one, else by the title prefix
     * ({@code T21:}) so that an issue made before the mapping existed is found, not duplicated.
     */
    Optional<TrackedIssue> findIssue(String taskId, String storedKey) throws ConnectorFailure;

    TrackedIssue createIssue(String title, String body) throws ConnectorFailure;

    /** Closes ({@code done}) or reopens the issue; answers it as it now is. */
    TrackedIssue setDone(TrackedIssue issue, boolean done) throws ConnectorFailure;
}
