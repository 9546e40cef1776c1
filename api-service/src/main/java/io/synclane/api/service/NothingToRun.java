package io.synclane.api.service;

/** A remote agent asked for a job and none waits for it. */
public class NothingToRun extends RuntimeException {
    public NothingToRun() {
        super("No jobs available for run.");
    }
}
