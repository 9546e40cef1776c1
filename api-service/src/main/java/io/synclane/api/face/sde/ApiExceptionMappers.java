package io.synclane.api.face.sde;

import io.synclane.api.service.Conflict;
import io.synclane.api.service.Forbidden;
import io.synclane.api.service.InvalidField;
import io.synclane.api.service.JobControlService;
import io.synclane.api.service.NotFound;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The services' refusals in the face's JSON error shapes; nothing leaks a stack trace. What Quarkus REST refuses
 * before a resource runs (routes, methods, media types, unreadable JSON) is answered at the edge, in the shape of the
 * face owning the path ({@code http/EdgeExceptionMappers}).
 */
public class ApiExceptionMappers {

    @ServerExceptionMapper
    public Response notFound(NotFound e) {
        return json(Response.Status.NOT_FOUND, ApiError.detail("Not found."));
    }

    @ServerExceptionMapper
    public Response invalidField(InvalidField e) {
        return json(Response.Status.BAD_REQUEST, ApiError.field(ApiError.fieldName(e.field()), ApiError.wording(e)));
    }

    @ServerExceptionMapper
    public Response alreadyEnded(JobControlService.AlreadyEnded e) {
        return json(Response.Status.CONFLICT, ApiError.detail(e.getMessage()));
    }

    /** The change cannot apply as things are (a team at its webhooks' limit, webhooks not enabled): 409 saying why. */
    @ServerExceptionMapper
    public Response conflict(Conflict e) {
        return json(Response.Status.CONFLICT, ApiError.detail(e.getMessage()));
    }

    @ServerExceptionMapper
    public Response forbidden(Forbidden e) {
        return json(Response.Status.FORBIDDEN, ApiError.detail("You do not have permission to perform this action."));
    }

    private static Response json(Response.StatusType status, Object body) {
        return Response.status(status).entity(body).type(MediaType.APPLICATION_JSON).build();
    }
}
