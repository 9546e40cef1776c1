package io.synclane.api.face.rpm;

import io.synclane.api.http.Decimal;
import io.synclane.api.security.Caller;
import io.synclane.api.service.InvalidField;
import io.synclane.api.service.JobRunService;
import io.synclane.api.service.NotFound;
import io.synclane.common.job.JobRunQueries.RunCursor;
import io.synclane.common.job.JobRunQueries.RunRow;
import io.synclane.common.persistence.DatabaseOutage;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Seed 003: the read-only job run pool of BMC Release Process Management, {@code /v1/job_runs}, in JSON or XML.
 * Creating, changing and deleting runs is the workers' alone: those methods answer 405 with {@code Allow: GET}.
 */
@Path("/v1")
@Tag(name = "RPM v1: job runs")
public class JobRunResource {
    private static final Logger LOG = Logger.getLogger(JobRunResource.class);
    private static final String SUFFIX = "{suffix:(\\.[A-Za-z0-9]+)?}";
    private static final String ONE = "job_runs/{id:[^/.]+}" + SUFFIX;
    private static final String ALL = "job_runs" + SUFFIX;

    private final JobRunService runs;
    private final RpmResponses responses;
    private final Caller caller;

    public JobRunResource(JobRunService runs, RpmResponses responses, Caller caller) {
        this.runs = runs;
        this.responses = responses;
        this.caller = caller;
    }

    /** Where a run's output can be read: its {@code results_path}. */
    static String outputPath(long runId) {
        return "/v1/job_runs/" + runId + "/output";
    }

    @GET
    @Path(ALL)
    @Operation(summary = "The team's job runs, filtered; 404 when none matches")
    public Response list(@RestPath String suffix, @Context UriInfo uri, @Context HttpHeaders headers) {
        RpmFormat format = format(suffix, uri, headers);
        RunCursor matching = runs.list(caller.actor(), RpmFilters.parse(uri.getQueryParameters()));
        if (!matching.hasNext()) {
            throw new NoRecords();
        }
        return responses.list(format, matching, headers.getHeaderString(HttpHeaders.IF_NONE_MATCH));
    }

    @GET
    @Path(ONE)
    @Operation(summary = "One job run of the team")
    public Response one(@RestPath String id, @RestPath String suffix, @Context UriInfo uri, @Context HttpHeaders headers) {
        RpmFormat format = format(suffix, uri, headers);
        RunRow run = runs.get(caller.actor(), runId(id));
        return responses.one(format, RpmMapper.view(run), headers.getHeaderString(HttpHeaders.IF_NONE_MATCH));
    }

    @GET
    @Path("job_runs/{id:[^/.]+}/output")
    @Operation(summary = "A job run's output (its stdout, then its stderr) as text")
    public Response output(@RestPath String id) {
        RunRow run = runs.get(caller.actor(), runId(id));
        return Response.ok((run.stdout() + run.stderr()).getBytes(StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_TYPE, "text/plain;charset=utf-8")
                .header(HttpHeaders.CACHE_CONTROL, RpmResponses.CACHE_CONTROL).build();
    }

    @POST
    @Path(ALL)
    @Operation(hidden = true)
    public Response create() {
        throw new NotAllowed();
    }

    @POST
    @Path(ONE)
    @Operation(hidden = true)
    public Response createAt() {
        throw new NotAllowed();
    }

    @PUT
    @Path(ONE)
    @Operation(hidden = true)
    public Response update() {
        throw new NotAllowed();
    }

    @PUT
    @Path(ALL)
    @Operation(hidden = true)
    public Response updateAll() {
        throw new NotAllowed();
    }

    @PATCH
    @Path(ONE)
    @Operation(hidden = true)
    public Response patch() {
        throw new NotAllowed();
    }

    @DELETE
    @Path(ONE)
    @Operation(hidden = true)
    public Response delete() {
        throw new NotAllowed();
    }

    @DELETE
    @Path(ALL)
    @Operation(hidden = true)
    public Response deleteAll() {
        throw new NotAllowed();
    }

    /** Any other path under /v1: this face serves job runs only. */
    @GET
    @Path("{other:.*}")
    @Operation(hidden = true)
    public Response other() {
        throw new NotFound();
    }

    private static long runId(String id) {
        Long parsed = Decimal.parseLong(id);
        if (parsed == null) {
            throw new NotFound(); // no record has such an id
        }
        return parsed;
    }

    private static RpmFormat format(String suffix, UriInfo uri, HttpHeaders headers) {
        return RpmFormat.requested(suffix, uri.getQueryParameters().getFirst("format"),
                headers.getHeaderString(HttpHeaders.ACCEPT)).orElseThrow(NotAcceptable::new);
    }

    /** The format an error is written in: the one asked for, else JSON. */
    private static RpmFormat errorFormat(UriInfo uri, HttpHeaders headers) {
        return RpmFormat.forError(uri.getPath(), uri.getQueryParameters().getFirst("format"),
                headers.getHeaderString(HttpHeaders.ACCEPT));
    }

    // ---- errors, in the format asked for; these mappers serve this face only -------------------------------------

    static final class NoRecords extends RuntimeException {
    }

    static final class NotAllowed extends RuntimeException {
    }

    static final class NotAcceptable extends RuntimeException {
    }

    @ServerExceptionMapper
    public Response noRecords(NoRecords e, UriInfo uri, HttpHeaders headers) {
        return responses.error(errorFormat(uri, headers), Response.Status.NOT_FOUND, "No records found");
    }

    @ServerExceptionMapper
    public Response notFound(NotFound e, UriInfo uri, HttpHeaders headers) {
        return responses.error(errorFormat(uri, headers), Response.Status.NOT_FOUND, "Record not found");
    }

    @ServerExceptionMapper
    public Response invalid(InvalidField e, UriInfo uri, HttpHeaders headers) {
        return responses.error(errorFormat(uri, headers), Response.Status.BAD_REQUEST,
                e.field() + " " + e.explanation());
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowed e, UriInfo uri, HttpHeaders headers) {
        Response answer = responses.error(errorFormat(uri, headers), Response.Status.METHOD_NOT_ALLOWED,
                "Method not allowed: job runs are created and changed by Synclane's workers only");
        return Response.fromResponse(answer).header(HttpHeaders.ALLOW, "GET").build();
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptable e) {
        return responses.error(RpmFormat.JSON, Response.Status.NOT_ACCEPTABLE,
                "Not acceptable: this resource is written as json (.json) or xml (.xml)");
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri, HttpHeaders headers) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return responses.error(errorFormat(uri, headers), status, status.getReasonPhrase());
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri, HttpHeaders headers) {
        if (DatabaseOutage.isCause(e)) {
            LOG.warnf("database unavailable answering an RPM request: %s", e.toString());
            return Response.fromResponse(responses.error(errorFormat(uri, headers), Response.Status.SERVICE_UNAVAILABLE,
                    DatabaseOutage.ANSWER)).header(HttpHeaders.RETRY_AFTER, DatabaseOutage.RETRY_AFTER_SECONDS).build();
        }
        LOG.error("unexpected failure answering an RPM request", e);
        return responses.error(errorFormat(uri, headers), Response.Status.INTERNAL_SERVER_ERROR, "Internal server error");
    }
}
