package io.synclane.worker.service;

import io.synclane.common.domain.JobStatus;

/** How a run ended and the message the job shows; {@code retryable} failures may pass on a later attempt. */
public record RunOutcome(JobStatus status, String message, boolean retryable) {
    public static RunOutcome success(String message) {
        return new RunOutcome(JobStatus.SUCCESS, message, false);
    }

    public static RunOutcome failure(String message, boolean retryable) {
        return new RunOutcome(JobStatus.FAILURE, message, retryable);
    }

    public static RunOutcome error(String message) {
        return new RunOutcome(JobStatus.ERROR, message, false);
    }
}
