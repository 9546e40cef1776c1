package io.synclane.api.face.rpm;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.synclane.api.http.FaceEdge;
import io.synclane.api.security.ApiKeyAuthenticationRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;

/**
 * The RPM face's authentication (seed 003): the API token in a {@code token} query parameter or a {@code token}
 * header, the same tokens as /api/v2's. Chosen for /v1/* by {@code quarkus.http.auth.permission.rpm-v1} (scheme
 * {@value #SCHEME}); a missing or unknown token answers 403, in the format the request asked for.
 */
@ApplicationScoped
public class RpmTokenAuthenticationMechanism implements HttpAuthenticationMechanism {
    static final String SCHEME = "rpm-token";
    static final String TOKEN = "token";
    private static final String FACE_ROOT = "/v1";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        if (!isFacePath(context.normalizedPath())) {
            return Uni.createFrom().nullItem();
        }
        List<String> query = context.queryParam(TOKEN);
        String token = query.isEmpty() ? context.request().getHeader(TOKEN) : query.get(0);
        if (token == null || token.isBlank()) {
            return Uni.createFrom().nullItem(); // the face's permission then refuses with the challenge below
        }
        return identities.authenticate(new ApiKeyAuthenticationRequest(token.trim()));
    }

    private static boolean isFacePath(String path) {
        return FaceEdge.under(FACE_ROOT, path);
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(403, null, null));
    }

    /** Seed 003 answers an invalid token with 403 Forbidden and the face's error body. */
    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        if (!context.response().ended()) {
            List<String> formatParameter = context.queryParam("format");
            RpmFormat format = RpmFormat.forError(context.normalizedPath(),
                    formatParameter.isEmpty() ? null : formatParameter.get(0), context.request().getHeader(HttpHeaders.ACCEPT));
            context.response().setStatusCode(403)
                    .putHeader(HttpHeaders.CONTENT_TYPE, format.contentType())
                    .putHeader(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                    .end(Buffer.buffer(RpmResponses.errorBody(format, "Forbidden: the token is missing or invalid")));
        }
        return Uni.createFrom().item(true);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiKeyAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.OTHER_HEADER, TOKEN, SCHEME));
    }
}
