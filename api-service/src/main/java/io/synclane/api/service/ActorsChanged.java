package io.synclane.api.service;

/**
 * Fired when what an API key stands for may have changed (a token revoked, a user changed or deleted, a team
 * deleted), so that whoever remembers actors by key forgets them once the change is committed.
 */
public enum ActorsChanged {
    INSTANCE
}
