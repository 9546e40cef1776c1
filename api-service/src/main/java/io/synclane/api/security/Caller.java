package io.synclane.api.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.synclane.api.service.Actor;
import io.synclane.common.domain.ConnectionKind;
import jakarta.enterprise.context.RequestScoped;

/** Who is calling: the {@link Actor} that the request's authentication mechanism and {@link ActorIdentityProvider} found. */
@RequestScoped
public class Caller {
    private final SecurityIdentity identity;

    public Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    public Actor actor() {
        Actor actor = identity.getAttribute(ActorIdentityProvider.ACTOR);
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
