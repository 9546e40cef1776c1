package io.synclane.api.service;

/** The change cannot apply to the record as it now is: a job that has ended, a name already taken. */
public class Conflict extends RuntimeException {
    public Conflict(String message) {
        super(message);
    }
}
