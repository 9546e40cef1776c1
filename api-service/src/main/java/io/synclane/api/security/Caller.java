package io.synclane.api.security;

import io.synclane.api.service.Actor;
import io.synclane.common.domain.AppUser;
import io.synclane.common.domain.ConnectionKind;
import jakarta.enterprise.context.RequestScoped;

/** Who is calling: set by {@link TokenAuthFilter} before any resource runs. */
@RequestScoped
public class Caller {
    private Actor actor;

    void authenticate(AppUser user) {
        this.actor = Actor.of(user);
    }

    public Actor actor() {
        if (actor == null) {
            throw new IllegalStateException("request was not authenticated");
        }
        return actor;
    }

    public long teamId() {
        return actor().teamId();
    }

    public long userId() {
        return actor().userId();
    }

    public boolean canEdit(ConnectionKind kind) {
        return actor().canEditConnections(kind);
    }
}
