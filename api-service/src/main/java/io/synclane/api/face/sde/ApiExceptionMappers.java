package io.synclane.api.face.sde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.synclane.api.service.Forbidden;
import io.synclane.api.service.InvalidField;
import io.synclane.api.service.JobControlService;
import io.synclane.api.service.NotFound;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure becomes one of the face's JSON error shapes; nothing leaks a stack trace. */
public class ApiExceptionMappers {
    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

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

    @ServerExceptionMapper
    public Response forbidden(Forbidden e) {
        return json(Response.Status.FORBIDDEN, ApiError.detail("You do not have permission to perform this action."));
    }

    /** A value of the wrong type names the field it was given for, e.g. {@code {"project": [...]}}. */
    @ServerExceptionMapper
    public Response badJson(JsonMappingException e) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()))
                .collect(Collectors.joining("."));
        if (field.isEmpty()) {
            return json(Response.Status.BAD_REQUEST, ApiError.detail("JSON parse error - " + e.getOriginalMessage()));
        }
        return json(Response.Status.BAD_REQUEST, ApiError.field(field, "Invalid value: " + e.getOriginalMessage()));
    }

    /** More specific than Quarkus' own mapper for this type, which answers 400 with no body. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return badJson(e);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return json(Response.Status.BAD_REQUEST, ApiError.detail("JSON parse error - " + e.getOriginalMessage()));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonMappingException mapping) {
            return badJson(mapping);
        }
        if (cause instanceof JsonProcessingException processing) {
            return malformedJson(processing);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        return json(status, ApiError.detail(status.getReasonPhrase() + "."));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected failure answering a request", e);
        return json(Response.Status.INTERNAL_SERVER_ERROR, ApiError.detail("Internal server error."));
    }

    private static Response json(Response.StatusType status, Object body) {
        return Response.status(status).entity(body).type(MediaType.APPLICATION_JSON).build();
    }
}
