package io.synclane.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.synclane.api.http.FaceEdge.EdgeRequest;
import io.synclane.common.persistence.DatabaseOutage;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * What Quarkus REST refuses before a face's resource runs (no such route, a method or media type the route does not
 * take, a body that is not JSON or not of the field's type) and what no face's own mapper handles, answered in the
 * shape of the face owning the path: a DCI client gets DCI's error body for a 405 as much as for a refused field.
 * Resources' own mappers (the DCI and RPM faces') come first for what their routes throw.
 */
public class EdgeExceptionMappers {
    private static final Logger LOG = Logger.getLogger(EdgeExceptionMappers.class);

    private final Faces faces;

    public EdgeExceptionMappers(Faces faces) {
        this.faces = faces;
    }

    /** A value of the wrong type names the field it was given for, e.g. {@code {"project": [...]}}. */
    @ServerExceptionMapper
    public Response badJson(JsonMappingException e, UriInfo uri, HttpHeaders headers) {
        return json(e, uri, headers);
    }

    /** More specific than Quarkus' own mapper for this type, which answers 400 with no body. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri, HttpHeaders headers) {
        return json(e, uri, headers);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri, HttpHeaders headers) {
        return json(e, uri, headers);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri, HttpHeaders headers) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json, uri, headers);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        Response answer = faces.response(request(uri, headers), status.getStatusCode(), null, status.getReasonPhrase() + ".");
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        return allow == null ? answer : Response.fromResponse(answer).header(HttpHeaders.ALLOW, allow).build();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri, HttpHeaders headers) {
        if (DatabaseOutage.isCause(e)) {
            LOG.warnf("database unavailable answering a request: %s", e.toString());
            return Response.fromResponse(faces.response(request(uri, headers), 503, null, DatabaseOutage.ANSWER))
                    .header(HttpHeaders.RETRY_AFTER, DatabaseOutage.RETRY_AFTER_SECONDS).build();
        }
        LOG.error("unexpected failure answering a request", e);
        return faces.response(request(uri, headers), 500, null, "Internal server error.");
    }

    private Response json(JsonProcessingException e, UriInfo uri, HttpHeaders headers) {
        JsonErrors.Refusal refusal = JsonErrors.of(e);
        return faces.response(request(uri, headers), 400, refusal.field(),
                refusal.field() == null ? "JSON parse error - " + refusal.message() : refusal.message());
    }

    private static EdgeRequest request(UriInfo uri, HttpHeaders headers) {
        return new EdgeRequest(uri.getPath(), uri.getQueryParameters().getFirst("format"),
                headers.getHeaderString(HttpHeaders.ACCEPT));
    }
}
