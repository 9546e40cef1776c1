package io.synclane.api.face.ui;

import io.synclane.api.face.ui.UiViews.ConnectionPageView;
import io.synclane.api.face.ui.UiViews.JobDetailView;
import io.synclane.api.face.ui.UiViews.JobPageView;
import io.synclane.api.face.ui.UiViews.OverviewView;
import io.synclane.api.face.ui.UiViews.SessionView;
import io.synclane.api.security.Caller;
import io.synclane.api.service.Forbidden;
import io.synclane.api.service.InvalidField;
import io.synclane.api.service.JobBoardService;
import io.synclane.api.service.JobBoardService.FileContent;
import io.synclane.api.service.NotFound;
import io.synclane.api.service.OperationsOverviewService;
import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.job.OperationsQueries.JobFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The dashboard's JSON: what its pages show that /api/v2 does not answer (the live overview, jobs of both sides
 * filtered by status, a job's states, runs and files, connections' recent outcomes). Read-only: cancel, re-run, sync
 * and pause go to /api/v2, whose rules decide. Every answer is the caller's team's only; another team's record is
 * 404, a wrong parameter 400 naming it.
 */
@Path(UiEdge.API)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Dashboard", description = "The operators' dashboard's own reads (/ui/); Authorization: Token <key>")
public class DashboardResource {
    private final OperationsOverviewService overview;
    private final JobBoardService board;
    private final UiMapper mapper;
    private final Caller caller;

    public DashboardResource(OperationsOverviewService overview, JobBoardService board, UiMapper mapper, Caller caller) {
        this.overview = overview;
        this.board = board;
        this.mapper = mapper;
        this.caller = caller;
    }

    @GET
    @Path("/session")
    @Operation(summary = "Who signed in: user, team, and which sides' connections they may change")
    public SessionView session() {
        return mapper.session(overview.session(caller.actor()));
    }

    @GET
    @Path("/overview")
    @Operation(summary = "The live page's figures: jobs by status, queue, ends per minute, failure rate, outbox,"
            + " job-requests lag, syncs due within the hour")
    public OverviewView overview() {
        return mapper.overview(overview.overview(caller.actor()));
    }

    @GET
    @Path("/jobs")
    @Operation(summary = "The team's jobs of both sides, newest first, filtered; next_before is the next page's cursor")
    public JobPageView jobs(@RestQuery String kind, @RestQuery String project, @RestQuery String connection,
            @RestQuery String status, @RestQuery String trigger, @RestQuery String before, @RestQuery String limit) {
        JobFilter filter = new JobFilter(UiQuery.kind(kind), UiQuery.id("project", project),
                UiQuery.id("connection", connection), UiQuery.statuses(status), UiQuery.manual(trigger));
        return mapper.jobs(board.jobs(caller.actor(), filter, UiQuery.cursor("before", before),
                UiQuery.integer("limit", limit)));
    }

    @GET
    @Path("/jobs/{kind: alm|analysis}/{id: [0-9]+}")
    @Operation(summary = "A job with its states, runs and files, and whether the caller may cancel or re-run it")
    public JobDetailView job(@RestPath String kind, @RestPath long id) {
        return mapper.detail(board.job(caller.actor(), ConnectionKind.fromWire(kind), id));
    }

    /**
     * A job's file. Text is answered as UTF-8 text, anything else as a download; never as a page of this site (the
     * browser is told not to sniff, and to sandbox it), whatever a run uploaded.
     */
    @GET
    @Path("/jobs/{kind: alm|analysis}/{id: [0-9]+}/files/{fileId: [0-9]+}")
    @Produces(MediaType.WILDCARD)
    @Operation(summary = "A job's file: its bytes")
    public Response file(@RestPath String kind, @RestPath long id, @RestPath long fileId) {
        FileContent file = board.file(caller.actor(), ConnectionKind.fromWire(kind), id, fileId);
        boolean text = isText(file.file().mime());
        String name = file.file().name().replaceAll("[^A-Za-z0-9._-]", "_");
        return Response.ok(file.content())
                .type(text ? "text/plain; charset=utf-8" : MediaType.APPLICATION_OCTET_STREAM)
                .header("Content-Disposition", (text ? "inline" : "attachment") + "; filename=\"" + name + "\"")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox; default-src 'none'")
                .build();
    }

    @GET
    @Path("/connections")
    @Operation(summary = "The team's connections by id with schedule, last job and last outcomes;"
            + " next_after is the next page's cursor")
    public ConnectionPageView connections(@RestQuery String kind, @RestQuery String project, @RestQuery String after,
            @RestQuery String limit) {
        return mapper.connections(board.connections(caller.actor(), UiQuery.kind(kind), UiQuery.id("project", project),
                UiQuery.cursor("after", after), UiQuery.integer("limit", limit)));
    }

    private static boolean isText(String mime) {
        String type = mime == null ? "" : mime.toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.endsWith("json") || type.endsWith("xml") || type.equals("application/junit");
    }

    @ServerExceptionMapper
    public Response notFound(NotFound e) {
        return json(404, Map.of("detail", "Not found."));
    }

    @ServerExceptionMapper
    public Response forbidden(Forbidden e) {
        return json(403, Map.of("detail", "You do not have permission to perform this action."));
    }

    @ServerExceptionMapper
    public Response invalidField(InvalidField e) {
        String message = switch (e.reason()) {
            case OUT_OF_RANGE -> "Must be between " + e.values().get(0) + " and " + e.values().get(1) + ".";
            case UNKNOWN_REFERENCE -> "No such record of your team: " + e.values().get(0) + ".";
            case INVALID -> e.explanation();
            default -> e.getMessage();
        };
        return json(400, Map.of(e.field(), List.of(message)));
    }

    private static Response json(int status, Object body) {
        return Response.status(status).entity(body).type(MediaType.APPLICATION_JSON).build();
    }
}
