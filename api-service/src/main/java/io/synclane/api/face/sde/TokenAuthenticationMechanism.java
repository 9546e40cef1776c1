package io.synclane.api.face.sde;

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
 * The /api/v2 face's authentication: {@code Authorization: Token <key>}, also the quoted {@code Token "<key>"}
 * the SD Elements pages show. Chosen for /api/v2/* by {@code quarkus.http.auth.permission.sde-v2} (scheme
 * {@value #SCHEME}); a refusal answers 401 with {@code WWW-Authenticate: Token} and Django REST Framework's
 * {@code {"detail": ...}} saying what was wrong.
 */
@ApplicationScoped
public class TokenAuthenticationMechanism implements HttpAuthenticationMechanism {
    static final String SCHEME = "token";
    private static final String FACE_ROOT = "/api/v2";
    /** Why this request was refused, kept on the request for the challenge. */
    private static final String REFUSAL = TokenAuthenticationMechanism.class.getName() + ".refusal";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !isFacePath(context.normalizedPath())) {
            // Anonymous: the face's permission then asks for credentials with the challenge below.
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

    private static boolean isFacePath(String path) {
        return FaceEdge.under(FACE_ROOT, path);
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, HttpHeaderNames.WWW_AUTHENTICATE, "Token"));
    }

    /** The challenge with the face's error body, which {@link ChallengeData} cannot carry. */
    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        String refusal = context.get(REFUSAL);
        String detail = refusal == null ? "Authentication credentials were not provided." : refusal;
        if (!context.response().ended()) {
            context.response().setStatusCode(401)
                    .putHeader(HttpHeaderNames.WWW_AUTHENTICATE, "Token")
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(new JsonObject().put("detail", detail).encode());
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
