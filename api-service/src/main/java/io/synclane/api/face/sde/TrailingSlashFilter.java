package io.synclane.api.face.sde;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.UriBuilder;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * SD Elements clients write every path with a trailing slash ({@code /api/v2/connections/alm/1/}). Paths are
 * matched without it, so a route is declared once and both spellings reach it. Only this face's paths: the
 * other faces' clients have their own spelling.
 */
public class TrailingSlashFilter {

    @ServerRequestFilter(preMatching = true)
    public void stripTrailingSlash(ContainerRequestContext request) {
        String path = request.getUriInfo().getRequestUri().getRawPath();
        if (path.startsWith("/api/v2/") && path.endsWith("/")) {
            request.setRequestUri(UriBuilder.fromUri(request.getUriInfo().getRequestUri())
                    .replacePath(path.substring(0, path.length() - 1)).build());
        }
    }
}
