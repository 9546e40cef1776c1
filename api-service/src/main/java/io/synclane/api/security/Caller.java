package io.synclane.api.security;

import io.synclane.common.domain.AppUser;
import io.synclane.common.domain.ConnectionKind;
import jakarta.enterprise.context.RequestScoped;

/** Who is calling: set by {@link TokenAuthFilter} before any resource runs. */
@RequestScoped
public class Caller {
    private AppUser user;

    void authenticate(AppUser user) {
        this.user = user;
    }

    public AppUser user() {
        if (user == null) {
            throw new IllegalStateException("request was not authenticated");
        }
        return user;
    }

    public long teamId() {
        return user().teamId;
    }

    public long userId() {
        return user().id;
    }

    public boolean canEdit(ConnectionKind kind) {
        return user().canEditConnections(kind);
    }
}
