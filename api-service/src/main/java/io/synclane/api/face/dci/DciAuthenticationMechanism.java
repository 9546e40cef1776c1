package io.synclane.api.face.dci;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.synclane.api.http.Decimal;
import io.synclane.api.http.FaceEdge;
import io.synclane.api.security.AgentAuthenticationRequest;
import io.synclane.api.security.UserKeyAuthenticationRequest;
import io.synclane.common.auth.Dci2Signature;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The DCI face's authentication, chosen for /api/v1/* by {@code quarkus.http.auth.permission.dci-v1} (scheme
 * {@value #SCHEME}):
 * <ul>
 * <li>HTTP Basic {@code <user name or email>:<one of their API keys>}: a user;</li>
 * <li>HTTP Basic {@code remoteci/<id>:<api_secret>}: a remote agent;</li>
 * <li>{@code DCI2-HMAC-SHA256} (or {@code AWS4-HMAC-SHA256}) signatures of python-dciauth: a remote agent, its
 * signature recomputed over the method, path, query, signed headers and the body's exact bytes.</li>
 * </ul>
 * Any refusal, a bad signature included, is 401 with the face's error body; never 400 or 500.
 */
@ApplicationScoped
public class DciAuthenticationMechanism implements HttpAuthenticationMechanism {
    static final String SCHEME = "dci";
    private static final String FACE_ROOT = "/api/v1";
    private static final String AGENT_PREFIX = "remoteci/";
    /** Why this request was refused, kept on the request for the challenge. */
    private static final String REFUSAL = DciAuthenticationMechanism.class.getName() + ".refusal";

    static boolean isFacePath(String path) {
        return FaceEdge.under(FACE_ROOT, path);
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !isFacePath(context.normalizedPath())) {
            return Uni.createFrom().nullItem();
        }
        Optional<AuthenticationRequest> request = header.regionMatches(true, 0, "Basic ", 0, 6)
                ? basic(header.substring(6).trim())
                : signed(context, header);
        if (request.isEmpty()) {
            if (context.get(REFUSAL) == null) {
                context.put(REFUSAL, "Authorization header not understood: use Basic, or a DCI2-HMAC-SHA256 signature.");
            }
            return Uni.createFrom().failure(new AuthenticationFailedException("unreadable credentials"));
        }
        return identities.authenticate(request.get())
                .onFailure(AuthenticationFailedException.class)
                .invoke(() -> context.put(REFUSAL, "Invalid credentials or signature."));
    }

    private static Optional<AuthenticationRequest> basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        if (user.startsWith(AGENT_PREFIX)) {
            return agentId(user.substring(AGENT_PREFIX.length()))
                    .map(id -> AgentAuthenticationRequest.basic(id, password));
        }
        return Optional.of(new UserKeyAuthenticationRequest(user, password));
    }

    /** A signed request: only the agents' client type signs, and the body hashed is the one read before. */
    private static Optional<AuthenticationRequest> signed(RoutingContext context, String header) {
        Optional<Dci2Signature.Credential> credential = Dci2Signature.Credential.parse(header);
        if (credential.isEmpty() || !"remoteci".equals(credential.get().clientType())) {
            return Optional.empty();
        }
        Buffer body = context.body() == null ? null : context.body().buffer();
        if (body == null && carriesBody(context)) {
            context.put(REFUSAL, "A signed request with a body must be sent over HTTP/1.1, so that its body can be checked.");
            return Optional.empty();
        }
        List<Map.Entry<String, String>> query = new ArrayList<>();
        context.queryParams().forEach(entry -> query.add(Map.entry(entry.getKey(), entry.getValue())));
        String path = context.request().path();
        Dci2Signature.Request request = new Dci2Signature.Request(context.request().method().name(), path, query,
                name -> context.request().getHeader(name), body == null ? new byte[0] : body.getBytes());
        return agentId(credential.get().clientId())
                .map(id -> AgentAuthenticationRequest.signed(id, credential.get(), request));
    }

    /** Whether the request says it has a body (one not read before authentication cannot be hashed). */
    private static boolean carriesBody(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        return (length != null && !length.strip().equals("0"))
                || context.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    private static Optional<Long> agentId(String text) {
        Long id = Decimal.parseLong(text);
        return id != null && id > 0 ? Optional.of(id) : Optional.empty();
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"synclane\""));
    }

    /** The challenge with the face's error body, which {@link ChallengeData} cannot carry. */
    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        String refusal = context.get(REFUSAL);
        String message = refusal == null ? "Authentication credentials were not provided." : refusal;
        if (!context.response().ended()) {
            context.response().setStatusCode(401)
                    .putHeader(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"synclane\"")
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(DciError.json(401, message));
        }
        return Uni.createFrom().item(true);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(UserKeyAuthenticationRequest.class, AgentAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "basic", SCHEME));
    }
}
