package io.synclane.worker.connector.alm;

import java.time.Instant;

/**
 * An issue as the ALM shows it: its key (what the ALM calls its id), title, whether it counts as done
 * (closed or resolved), when it last changed there, and where a person finds it.
 */
public record TrackedIssue(String key, String title, boolean done, Instant updatedAt, String url) {
}
