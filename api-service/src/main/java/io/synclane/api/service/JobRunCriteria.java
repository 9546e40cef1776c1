package io.synclane.api.service;

import io.synclane.common.domain.JobStatus;
import io.synclane.common.job.JobRunType;
import java.util.List;

/**
 * Which job runs of a team to list, all of them ANDed; null means any. {@code unfinished}: runs without an end
 * (true) or with one (false); {@code statuses}: the run's own status, any of them; {@code jobId}: runs of that job.
 */
public record JobRunCriteria(Boolean unfinished, Long runKey, List<JobStatus> statuses, JobRunType type,
        Long processId, Long connectionId, Long userId, Long jobId) {
    public static final JobRunCriteria ANY = new JobRunCriteria(null, null, null, null, null, null, null, null);
}
