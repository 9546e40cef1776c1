package io.synclane.api.service;

/** The caller is known but lacks the permission this change needs. */
public class Forbidden extends RuntimeException {
    public Forbidden() {
        super("the actor lacks the permission this change needs");
    }
}
