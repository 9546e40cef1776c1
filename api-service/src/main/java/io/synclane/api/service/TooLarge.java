package io.synclane.api.service;

/** A file over the configured size; nothing of it was stored. */
public class TooLarge extends RuntimeException {
    public TooLarge(long limit) {
        super("The file is larger than the limit of " + limit + " bytes.");
    }
}
