package io.synclane.api.face.ui;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.synclane.api.http.FaceEdge;
import io.synclane.api.security.ApiKeyAuthenticationRequest;
import io.synclane.api.security.TokenHeader;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;

/**
 * The dashboard's JSON answers to the same API tokens as /api/v2, in the same header: {@code Authorization: Token
 * <key>}, which the dashboard's script sends from the browser session's storage (never a cookie, so no other site can
 * make a signed-in browser ask). Chosen for {@value UiEdge#API}/* by {@code quarkus.http.auth.permission.ui-api}; a
 * refusal answers 401 with {@code {"detail": ...}}, on which the script asks to sign in again. The pages themselves
 * are public: they hold no data.
 */
@ApplicationScoped
public class UiTokenAuthenticationMechanism implements HttpAuthenticationMechanism {
    static final String SCHEME = "ui-token";
    private static final String REFUSAL = UiTokenAuthenticationMechanism.class.getName() + ".refusal";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !FaceEdge.under(UiEdge.API, context.normalizedPath())) {
            return Uni.createFrom().nullItem();
        }
        Optional<String> key = TokenHeader.key(header);
        if (key.isEmpty()) {
            context.put(REFUSAL, "Invalid token header. Expected: Token <key>.");
            return Uni.createFrom().failure(new AuthenticationFailedException("not a Token header"));
        }
        return identities.authenticate(new ApiKeyAuthenticationRequest(key.get()))
                .onFailure(AuthenticationFailedException.class).invoke(() -> context.put(REFUSAL, "Invalid token."));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, HttpHeaderNames.WWW_AUTHENTICATE, "Token"));
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        String refusal = context.get(REFUSAL);
        if (!context.response().ended()) {
            context.response().setStatusCode(401)
                    .putHeader(HttpHeaderNames.WWW_AUTHENTICATE, "Token")
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(new JsonObject().put("detail",
                            refusal == null ? "Authentication credentials were not provided." : refusal).encode());
        }
        return Uni.createFrom().item(true);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiKeyAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, SCHEME));
    }
}
