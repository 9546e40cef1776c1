package io.synclane.api.face.dci;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.synclane.api.config.ApiConfig;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Reads every HTTP/1.x /api/v1 request body whole before authentication: a DCI2-HMAC-SHA256 signature covers the
 * body's exact bytes, so {@link DciAuthenticationMechanism} must hash them before anything parses them (Quarkus REST
 * then reads the same buffer). The read is capped at the largest file a job may carry plus room for a JSON
 * envelope; a larger body answers 413 before any of it is kept.
 *
 * <p>Not over HTTP/2: there Quarkus REST pauses a request that has already been read, which Vert.x refuses (a 500).
 * Such a request is read by Quarkus REST as any other (capped by {@code quarkus.http.limits.max-body-size}), and a
 * signature over a body it carries cannot be checked: the mechanism refuses it, saying to sign over HTTP/1.1, as
 * python-dciclient and Synclane's agent do.
 */
@ApplicationScoped
public class DciRequestBodies {
    /** After the request id (10,000), before authentication (200). */
    private static final int PRIORITY = 5_000;
    /** A file sent as JSON text may be escaped: room for its envelope over the raw cap. */
    private static final long ENVELOPE = 64 * 1024;

    private final BodyHandler bodies;

    public DciRequestBodies(ApiConfig config) {
        this.bodies = BodyHandler.create(false).setBodyLimit(config.agents().maxFileSize() + ENVELOPE)
                .setHandleFileUploads(false);
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, PRIORITY);
    }

    private void handle(RoutingContext context) {
        if (DciAuthenticationMechanism.isFacePath(context.normalizedPath())
                && context.request().version() != io.vertx.core.http.HttpVersion.HTTP_2) {
            bodies.handle(context);
        } else {
            context.next();
        }
    }
}
