package io.synclane.api.service;

/** The record does not exist for this caller (another team's record answers the same). */
public class NotFound extends RuntimeException {
    public NotFound() {
        super("no such record for this actor");
    }
}
