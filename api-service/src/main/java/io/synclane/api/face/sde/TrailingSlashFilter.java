package io.synclane.api.face.sde;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * SD Elements clients write every path with a trailing slash ({@code /api/v2/connections/alm/1/}). Paths are
 * matched without it, so a route is declared once and both spellings reach it. Only this face's paths: the
 * other faces' clients have their own spelling.
 *
 * <p>A Vert.x filter that reroutes before anything else has run (so the request log, the limits and
 * authentication see the request once, by its matched path): rewriting the JAX-RS request URI instead rebuilt an
 * absolute URI and parsed the query again on every request, 6 % of the service's CPU under a burst of triggers.
 */
@ApplicationScoped
public class TrailingSlashFilter {
    private static final String PREFIX = "/api/v2/";
    /** Before every other filter of the service. */
    private static final int PRIORITY = 1_000_000;

    void register(@Observes Filters filters) {
        filters.register(TrailingSlashFilter::stripTrailingSlash, PRIORITY);
    }

    static void stripTrailingSlash(RoutingContext context) {
        HttpServerRequest request = context.request();
        String path = request.path();
        if (path != null && path.startsWith(PREFIX) && path.endsWith("/") && plain(path)) {
            String query = request.query();
            context.reroute(path.substring(0, path.length() - 1) + (query == null ? "" : "?" + query));
            return;
        }
        context.next();
    }

    /**
     * Only letters, digits, {@code -}, {@code _} and single slashes: a reroute normalises its path, so an encoded
     * dot segment ({@code /projects/%2e%2e/jobs/alm/}) would climb to another route. Any other path is left to
     * the edge ({@code http/RequestLimits}), which refuses encoded dots, and to the routes, which are all plain.
     */
    static boolean plain(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_' || (c == '/' && (i == 0 || path.charAt(i - 1) != '/'));
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
