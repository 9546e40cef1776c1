package io.synclane.api.security;

import io.synclane.api.face.sde.ApiError;
import io.synclane.common.domain.AppUser;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates {@code Authorization: Token <key>} (also the quoted {@code Token "<key>"} the SD Elements
 * pages show). Runs after matching, on the resource's worker thread, because it reads the database.
 */
public class TokenAuthFilter {
    private static final Pattern TOKEN = Pattern.compile("^Token\\s+\"?([A-Za-z0-9_\\-.]+)\"?\\s*$");

    private final Caller caller;

    public TokenAuthFilter(Caller caller) {
        this.caller = caller;
    }

    @ServerRequestFilter
    public Optional<Response> authenticate(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return Optional.of(unauthorized("Authentication credentials were not provided."));
        }
        Matcher matcher = TOKEN.matcher(header.trim());
        if (!matcher.matches()) {
            return Optional.of(unauthorized("Invalid token header. Expected: Token <key>."));
        }
        AppUser user = AppUser.findByApiKey(matcher.group(1));
        if (user == null) {
            return Optional.of(unauthorized("Invalid token."));
        }
        caller.authenticate(user);
        return Optional.empty();
    }

    private static Response unauthorized(String detail) {
        return Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Token")
                .entity(ApiError.detail(detail))
                .type("application/json")
                .build();
    }
}
