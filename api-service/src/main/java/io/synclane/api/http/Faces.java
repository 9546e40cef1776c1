package io.synclane.api.http;

import io.synclane.api.http.FaceEdge.EdgeRequest;
import io.synclane.api.http.FaceEdge.ErrorAnswer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** The faces the service answers with, found by path: whose body limits apply and whose error shape answers. */
@ApplicationScoped
public class Faces {
    private final List<FaceEdge> faces;
    private final FaceEdge fallback;

    public Faces(Instance<FaceEdge> faces) {
        this.faces = faces.stream().toList();
        this.fallback = this.faces.stream().filter(FaceEdge::fallback).findFirst()
                .orElseThrow(() -> new IllegalStateException("no face answers paths of no face"));
    }

    /** The face owning the path, else the fallback face. */
    public FaceEdge of(String path) {
        if (path != null) {
            for (FaceEdge face : faces) {
                if (face.owns(path)) {
                    return face;
                }
            }
        }
        return fallback;
    }

    /** Whether any face owns the path (as opposed to {@code /q/*} and the like, which the edge leaves alone). */
    public boolean owned(String path) {
        return path != null && faces.stream().anyMatch(face -> face.owns(path));
    }

    /** A refusal as a JAX-RS answer, in the shape of the face owning the path. */
    public Response response(EdgeRequest request, int status, String field, String message) {
        ErrorAnswer answer = of(request.path()).error(status, field, message, request);
        return Response.status(answer.status()).entity(answer.body())
                .header(HttpHeaders.CONTENT_TYPE.toString(), answer.contentType()).build();
    }

    /** A refusal written straight to the connection, below Quarkus REST (the body limit, a matrix parameter). */
    public void end(RoutingContext context, int status, String message, boolean closeConnection) {
        List<String> format = context.queryParam("format");
        EdgeRequest request = new EdgeRequest(context.normalizedPath(), format.isEmpty() ? null : format.get(0),
                context.request().getHeader(HttpHeaders.ACCEPT));
        ErrorAnswer answer = of(request.path()).error(status, null, message, request);
        if (context.response().ended()) {
            return;
        }
        context.response().setStatusCode(answer.status()).putHeader(HttpHeaders.CONTENT_TYPE, answer.contentType());
        if (closeConnection) {
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        context.response().end(Buffer.buffer(answer.body()));
    }
}
