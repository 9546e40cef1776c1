package io.synclane.api.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.synclane.api.service.Actor;
import io.synclane.common.domain.AppUser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;

/**
 * Turns an API key into the {@link Actor} who owns it, for every face: the one place a caller's team and
 * permissions are read. The lookup reads the database, so it runs on a worker thread, never the event loop.
 */
@ApplicationScoped
public class ActorIdentityProvider implements IdentityProvider<ApiKeyAuthenticationRequest> {
    /** The attribute of the {@link SecurityIdentity} that holds its {@link Actor}. */
    public static final String ACTOR = "synclane.actor";

    private final ActorLookup lookup;

    public ActorIdentityProvider(ActorLookup lookup) {
        this.lookup = lookup;
    }

    @Override
    public Class<ApiKeyAuthenticationRequest> getRequestType() {
        return ApiKeyAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyAuthenticationRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> {
            Actor actor = lookup.byApiKey(request.key());
            if (actor == null) {
                throw new AuthenticationFailedException("unknown API key");
            }
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(String.valueOf(actor.userId())))
                    .addAttribute(ACTOR, actor)
                    .build();
        });
    }

    /**
     * The key owner's actor, in one query. Authentication runs before the request's context exists, so the
     * lookup opens one of its own for its Hibernate session; a read needs no transaction.
     */
    @ApplicationScoped
    public static class ActorLookup {
        @ActivateRequestContext
        public Actor byApiKey(String key) {
            AppUser user = AppUser.findByApiKey(key);
            return user == null ? null : Actor.of(user);
        }
    }
}
