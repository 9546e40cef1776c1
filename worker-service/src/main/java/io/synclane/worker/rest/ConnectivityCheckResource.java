package io.synclane.worker.rest;

import io.synclane.worker.config.InternalApiConfig;
import io.synclane.worker.service.ConnectivityCheckService;
import io.synclane.worker.service.ConnectivityCheckService.CheckResult;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.jboss.resteasy.reactive.RestHeader;

/**
 * api-service's {@code testalm} asks a worker here, because the connectors live in the workers. The body
 * carries credentials, so only a caller holding the shared internal token is answered.
 */
@Path("/internal/connectivity-check")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ConnectivityCheckResource {
    public record CheckRequest(String system, Map<String, Object> params) {
    }

    private final ConnectivityCheckService checks;
    private final InternalApiConfig config;

    public ConnectivityCheckResource(ConnectivityCheckService checks, InternalApiConfig config) {
        this.checks = checks;
        this.config = config;
    }

    @POST
    public Response check(@RestHeader("X-Synclane-Internal-Token") String token, CheckRequest request) {
        if (!authorized(token)) {
            return Response.status(Response.Status.FORBIDDEN).build();
        }
        if (request == null || request.system() == null) {
            return Response.status(Response.Status.BAD_REQUEST).build();
        }
        CheckResult result = checks.check(request.system(), request.params());
        return Response.ok(result).build();
    }

    /** Constant-time, so the token cannot be guessed from answer times. */
    private boolean authorized(String token) {
        return config.token().filter(expected -> !expected.isBlank() && token != null
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8)))
                .isPresent();
    }
}
