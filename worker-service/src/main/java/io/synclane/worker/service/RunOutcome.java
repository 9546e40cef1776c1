package io.synclane.worker.service;

import io.synclane.common.domain.JobStatus;

/** How a run ended and the message the job shows. */
public record RunOutcome(JobStatus status, String message) {
    public static RunOutcome success(String message) {
        return new RunOutcome(JobStatus.SUCCESS, message);
    }

    public static RunOutcome failure(String message) {
        return new RunOutcome(JobStatus.FAILURE, message);
    }

    public static RunOutcome error(String message) {
        return new RunOutcome(JobStatus.ERROR, message);
    }
}
