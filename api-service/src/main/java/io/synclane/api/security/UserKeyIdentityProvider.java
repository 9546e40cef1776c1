package io.synclane.api.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.synclane.api.service.Actor;
import jakarta.enterprise.context.ApplicationScoped;

/** A user's name or email with one of their API keys (the DCI face's Basic login) to the user's {@link Actor}. */
@ApplicationScoped
public class UserKeyIdentityProvider implements IdentityProvider<UserKeyAuthenticationRequest> {
    private final ActorIdentityProvider.ActorLookup lookup;

    public UserKeyIdentityProvider(ActorIdentityProvider.ActorLookup lookup) {
        this.lookup = lookup;
    }

    @Override
    public Class<UserKeyAuthenticationRequest> getRequestType() {
        return UserKeyAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UserKeyAuthenticationRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> {
            Actor actor = lookup.byUserAndApiKey(request.user(), request.key());
            if (actor == null) {
                throw new AuthenticationFailedException("unknown user or API key");
            }
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(String.valueOf(actor.userId())))
                    .addAttribute(ActorIdentityProvider.ACTOR, actor)
                    .build();
        });
    }
}
