package io.synclane.api.face.dci;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.synclane.api.face.dci.DciViews.FileEnvelope;
import io.synclane.api.face.dci.DciViews.FileList;
import io.synclane.api.face.dci.DciViews.IdentityEnvelope;
import io.synclane.api.face.dci.DciViews.IdentityView;
import io.synclane.api.face.dci.DciViews.JobEnvelope;
import io.synclane.api.face.dci.DciViews.JobList;
import io.synclane.api.face.dci.DciViews.JobStateEnvelope;
import io.synclane.api.face.dci.DciViews.JobStateList;
import io.synclane.api.face.dci.DciViews.Meta;
import io.synclane.api.face.dci.DciViews.RemoteciEnvelope;
import io.synclane.api.face.dci.DciViews.RemoteciList;
import io.synclane.api.face.dci.DciViews.ResultList;
import io.synclane.api.face.dci.DciViews.ResultView;
import io.synclane.api.face.dci.DciViews.TaskList;
import io.synclane.api.security.Caller;
import io.synclane.api.service.Actor;
import io.synclane.api.service.AgentRunService;
import io.synclane.api.service.AgentRunService.AgentJob;
import io.synclane.api.service.AgentRunService.IssueLink;
import io.synclane.api.service.AgentRunService.TaskOutcome;
import io.synclane.api.service.Conflict;
import io.synclane.api.service.ForeignRecord;
import io.synclane.api.service.Forbidden;
import io.synclane.api.service.InvalidField;
import io.synclane.api.service.JobFileService;
import io.synclane.api.service.JobFileService.NewFileCommand;
import io.synclane.api.service.JobRecordService;
import io.synclane.api.service.JobRecordService.JobChange;
import io.synclane.api.service.JobRecordService.NewJobCommand;
import io.synclane.api.service.NotFound;
import io.synclane.api.service.NothingToRun;
import io.synclane.api.service.RemoteAgentService;
import io.synclane.api.service.RemoteAgentService.AgentWithSecret;
import io.synclane.api.service.RemoteAgentService.NewRemoteAgent;
import io.synclane.api.service.RemoteAgentService.RemoteAgentChange;
import io.synclane.api.service.TeamService;
import io.synclane.api.service.Texts;
import io.synclane.api.service.TooLarge;
import io.synclane.api.service.UserService;
import io.synclane.api.service.VersionMismatch;
import io.synclane.common.domain.AppUser;
import io.synclane.common.persistence.DatabaseOutage;
import io.synclane.common.domain.RemoteAgent;
import io.synclane.common.job.JobRecordQueries;
import io.synclane.common.job.JobRecordQueries.JobRecord;
import io.synclane.common.job.JobStore.RecordedState;
import io.synclane.common.job.JobStore.StoredFile;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Seed 004: the DCI control server's {@code /api/v1}, for CI pipelines and for Synclane's remote agents, which run
 * the jobs of inaccessible connectors on a customer's network. Every route of the face is here, each a few lines
 * over the face-neutral services; so are its error answers ({@link DciError}), which apply to this class alone.
 * A read of another team's record answers 404; a write 401.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
@Tag(name = "DCI v1")
public class DciResource {
    private static final Logger LOG = Logger.getLogger(DciResource.class);
    private static final Set<String> JOB_FIELDS = Set.of("id", "status", "comment", "recheck", "remoteci_id",
            "jobdefinition_id", "team_id", "created_at", "updated_at");
    private static final Set<String> JOB_EMBEDS = Set.of("team", "remoteci", "jobdefinition");
    /** What real DCI clients always send on lists and Synclane has no use for: accepted, ignored. */
    private static final DciListQuery.Ignored CLIENT_EXTRAS =
            new DciListQuery.Ignored(Set.of("query", "state", "topic"), Set.of("state"), Set.of("topic"));
    private static final Set<String> PLAIN_FIELDS = Set.of("id", "created_at");

    private final Caller caller;
    private final JobRecordService jobs;
    private final JobFileService files;
    private final RemoteAgentService agents;
    private final AgentRunService runs;
    private final UserService users;
    private final TeamService teams;
    private final ObjectMapper mapper;

    public DciResource(Caller caller, JobRecordService jobs, JobFileService files, RemoteAgentService agents,
            AgentRunService runs, UserService users, TeamService teams, ObjectMapper mapper) {
        this.caller = caller;
        this.jobs = jobs;
        this.files = files;
        this.agents = agents;
        this.runs = runs;
        this.users = users;
        this.teams = teams;
        this.mapper = mapper;
    }

    // ---- identity ---------------------------------------------------------------------------------------------

    @GET
    @Path("/identity")
    public IdentityEnvelope identity() {
        Actor actor = caller.actor();
        if (actor.isAgent()) {
            RemoteAgent agent = agents.get(actor, actor.remoteciId());
            return new IdentityEnvelope(new IdentityView(DciMapper.id(agent.id), agent.name, "remoteci",
                    DciMapper.id(agent.teamId), null));
        }
        AppUser user = users.get(actor, actor.userId());
        return new IdentityEnvelope(new IdentityView(DciMapper.id(user.id), user.name, "user",
                DciMapper.id(user.teamId), user.email));
    }

    // ---- jobs -------------------------------------------------------------------------------------------------

    @POST
    @Path("/jobs")
    public Response createJob(byte[] body) {
        DciBody request = DciBody.parse(mapper, body);
        JobRecord job = jobs.create(caller.actor(), new NewJobCommand(request.id("jobdefinition_id"),
                request.id("team_id"), request.id("remoteci_id"), request.text("comment"), request.bool("recheck", false)));
        return created(new JobEnvelope(DciMapper.job(job, null, null, null)), job.etag());
    }

    @GET
    @Path("/jobs")
    public JobList listJobs(UriInfo uri) {
        DciListQuery query = DciListQuery.parse(uri.getQueryParameters(), JOB_FIELDS, JOB_EMBEDS, CLIENT_EXTRAS);
        Actor actor = caller.actor();
        JobRecordQueries.Page page = jobs.list(actor, DciJobCriteria.of(query, actor.teamId()));
        return new JobList(new Meta(page.count()), new DciEmbeds(jobs, teams, actor, query.embed()).jobs(page.jobs()));
    }

    @GET
    @Path("/jobs/{id}")
    public Response getJob(@PathParam("id") String id, UriInfo uri) {
        DciListQuery query = DciListQuery.parse(uri.getQueryParameters(), Set.of(), JOB_EMBEDS, CLIENT_EXTRAS);
        Actor actor = caller.actor();
        JobRecord job = jobs.get(actor, DciIds.path(id));
        return withEtag(Response.ok(new JobEnvelope(new DciEmbeds(jobs, teams, actor, query.embed()).job(job))), job.etag());
    }

    @PUT
    @Path("/jobs/{id}")
    public Response updateJob(@PathParam("id") String id, HttpHeaders headers, byte[] body) {
        DciBody request = DciBody.parse(mapper, body);
        String status = request.text("status");
        JobRecord job = jobs.update(caller.actor(), DciIds.path(id), DciEtags.ifMatch(headers),
                new JobChange(request.text("comment"), status == null ? null : DciIds.status(status)));
        return withEtag(Response.noContent(), job.etag());
    }

    @DELETE
    @Path("/jobs/{id}")
    public Response deleteJob(@PathParam("id") String id, HttpHeaders headers) {
        jobs.delete(caller.actor(), DciIds.path(id), DciEtags.ifMatch(headers));
        return Response.noContent().build();
    }

    /** Hands the calling remote agent the next job waiting for it, with the connection it syncs. */
    @POST
    @Path("/jobs/schedule")
    public Response schedule(byte[] body) {
        DciBody request = DciBody.parse(mapper, body);
        AgentJob handed = runs.schedule(caller.actor(), request.id("remoteci_id"));
        var view = DciMapper.job(handed.job(), null, null, DciMapper.definition(handed.connection(), handed.params()));
        return created(new JobEnvelope(view), handed.job().etag());
    }

    @POST
    @Path("/jobs/recheck")
    public Response recheck(byte[] body) {
        Long jobId = DciBody.parse(mapper, body).id("job_id");
        if (jobId == null) {
            throw new DciRefusal(400, "job_id", "is required");
        }
        return recheckJob(jobId);
    }

    @POST
    @Path("/jobs/{id}/recheck")
    public Response recheckPath(@PathParam("id") String id) {
        return recheckJob(DciIds.path(id));
    }

    private Response recheckJob(long jobId) {
        JobRecord job = jobs.recheck(caller.actor(), jobId);
        return created(new JobEnvelope(DciMapper.job(job, null, null, null)), job.etag());
    }

    // ---- job states -------------------------------------------------------------------------------------------

    @POST
    @Path("/jobstates")
    public Response postState(byte[] body) {
        DciBody request = DciBody.parse(mapper, body);
        Long jobId = request.id("job_id");
        String status = request.text("status");
        if (jobId == null) {
            throw new DciRefusal(400, "job_id", "is required");
        }
        if (status == null) {
            throw new DciRefusal(400, "status", "is required");
        }
        Actor actor = caller.actor();
        RecordedState state = jobs.postState(actor, jobId, DciIds.status(status), request.text("comment"));
        return Response.status(201).entity(new JobStateEnvelope(DciMapper.state(state, actor.teamId()))).build();
    }

    @GET
    @Path("/jobstates/{id}")
    public JobStateEnvelope getState(@PathParam("id") String id) {
        Actor actor = caller.actor();
        return new JobStateEnvelope(DciMapper.state(jobs.state(actor, DciIds.path(id)), actor.teamId()));
    }

    @GET
    @Path("/jobs/{id}/jobstates")
    public JobStateList jobStates(@PathParam("id") String id, UriInfo uri) {
        DciListQuery.parse(uri.getQueryParameters(), PLAIN_FIELDS, Set.of(), CLIENT_EXTRAS);
        Actor actor = caller.actor();
        List<RecordedState> states = jobs.states(actor, DciIds.path(id));
        return new JobStateList(new Meta(states.size()),
                states.stream().map(state -> DciMapper.state(state, actor.teamId())).toList());
    }

    // ---- files and results ------------------------------------------------------------------------------------

    /** A file as the seed shows it: a JSON body with the content as text. */
    @POST
    @Path("/jobs/{id}/files")
    public Response attachJson(@PathParam("id") String id, byte[] body) {
        DciBody request = DciBody.parse(mapper, body);
        String content = request.text("content");
        Texts.encodable("content", content);
        return attach(new NewFileCommand(DciIds.path(id), request.id("jobstate_id"), request.text("name"),
                request.text("mime"), content == null ? new byte[0] : content.getBytes(StandardCharsets.UTF_8),
                request.text("md5")));
    }

    /** A file as python-dciclient uploads it: the raw bytes, described by DCI-* headers. */
    @POST
    @Path("/files")
    public Response attachRaw(@HeaderParam("DCI-NAME") String name, @HeaderParam("DCI-MIME") String mime,
            @HeaderParam("DCI-JOB-ID") String jobId, @HeaderParam("DCI-JOBSTATE-ID") String jobStateId,
            @HeaderParam("DCI-MD5") String md5, byte[] body) {
        return attach(new NewFileCommand(DciIds.header("DCI-JOB-ID", jobId), DciIds.header("DCI-JOBSTATE-ID", jobStateId),
                name, mime, body, md5));
    }

    private Response attach(NewFileCommand command) {
        Actor actor = caller.actor();
        StoredFile file = files.attach(actor, command);
        return Response.status(201).entity(new FileEnvelope(DciMapper.file(file, actor.teamId(),
                command.content()))).build();
    }

    @GET
    @Path("/jobs/{id}/files")
    public FileList jobFiles(@PathParam("id") String id, UriInfo uri) {
        DciListQuery.parse(uri.getQueryParameters(), PLAIN_FIELDS, Set.of(), CLIENT_EXTRAS);
        Actor actor = caller.actor();
        List<StoredFile> stored = files.files(actor, DciIds.path(id));
        List<DciViews.FileView> views = new ArrayList<>();
        for (StoredFile file : stored) {
            views.add(DciMapper.file(file, actor.teamId(),
                    file.size() <= DciMapper.INLINE_CONTENT_MAX ? files.content(actor, file.id()) : null));
        }
        return new FileList(new Meta(views.size()), views);
    }

    @GET
    @Path("/files/{id}")
    public FileEnvelope getFile(@PathParam("id") String id) {
        Actor actor = caller.actor();
        StoredFile file = files.file(actor, DciIds.path(id));
        return new FileEnvelope(DciMapper.file(file, actor.teamId(),
                file.size() <= DciMapper.INLINE_CONTENT_MAX ? files.content(actor, file.id()) : null));
    }

    @GET
    @Path("/files/{id}/content")
    @Produces(MediaType.WILDCARD)
    public Response fileContent(@PathParam("id") String id) {
        Actor actor = caller.actor();
        long fileId = DciIds.path(id);
        StoredFile file = files.file(actor, fileId);
        return Response.ok(files.content(actor, fileId)).type(file.mime())
                .header("Content-Disposition", "attachment; filename=\"" + file.name().replaceAll("[\"\\\\\\r\\n]", "_") + "\"")
                .build();
    }

    @GET
    @Path("/jobs/{id}/results")
    public ResultList results(@PathParam("id") String id) {
        Map<String, ResultView> results = new LinkedHashMap<>();
        files.results(caller.actor(), DciIds.path(id)).forEach((name, summary) -> results.put(name, DciMapper.result(summary)));
        return new ResultList(new Meta(results.size()), results);
    }

    // ---- tasks of a job, for the agent running it (Synclane's addition to DCI) --------------------------------

    @GET
    @Path("/jobs/{id}/tasks")
    public TaskList tasks(@PathParam("id") String id) {
        var tasks = runs.tasks(caller.actor(), DciIds.path(id)).stream().map(DciMapper::task).toList();
        return new TaskList(new Meta(tasks.size()), tasks);
    }

    @POST
    @Path("/jobs/{id}/tasks")
    public Response recordTasks(@PathParam("id") String id, byte[] body) {
        List<TaskOutcome> outcomes = new ArrayList<>();
        for (DciBody task : DciBody.parse(mapper, body).objects("tasks")) {
            String status = task.text("status");
            String verification = task.text("verification_status");
            DciBody issue = task.object("alm_issue");
            outcomes.add(new TaskOutcome(task.id("id"),
                    status == null ? null : DciIds.taskStatus(task, status),
                    verification == null ? null : DciIds.verification(task, verification),
                    issue == null ? null : new IssueLink(issue.text("key"), issue.text("url"), issue.bool("synced_done", false))));
        }
        runs.recordTaskOutcomes(caller.actor(), DciIds.path(id), outcomes);
        return Response.noContent().build();
    }

    // ---- remote agents ----------------------------------------------------------------------------------------

    @POST
    @Path("/remotecis")
    public Response createRemoteci(byte[] body) {
        DciBody request = DciBody.parse(mapper, body);
        AgentWithSecret created = agents.create(caller.actor(), new NewRemoteAgent(request.text("name"),
                request.id("team_id")));
        return created(new RemoteciEnvelope(DciMapper.remoteci(created.agent(), created.apiSecret())),
                RemoteAgentService.etag(created.agent()));
    }

    @GET
    @Path("/remotecis")
    public RemoteciList listRemotecis(UriInfo uri) {
        DciListQuery query = DciListQuery.parse(uri.getQueryParameters(), PLAIN_FIELDS, Set.of(), CLIENT_EXTRAS);
        RemoteAgentService.Page<RemoteAgent> page = agents.list(caller.actor(), query.limit(), query.offset());
        return new RemoteciList(new Meta(page.count()),
                page.items().stream().map(agent -> DciMapper.remoteci(agent, null)).toList());
    }

    @GET
    @Path("/remotecis/{id}")
    public Response getRemoteci(@PathParam("id") String id) {
        RemoteAgent agent = agents.get(caller.actor(), DciIds.path(id));
        return withEtag(Response.ok(new RemoteciEnvelope(DciMapper.remoteci(agent, null))), RemoteAgentService.etag(agent));
    }

    @PUT
    @Path("/remotecis/{id}")
    public Response updateRemoteci(@PathParam("id") String id, HttpHeaders headers, byte[] body) {
        DciBody request = DciBody.parse(mapper, body);
        RemoteAgent agent = agents.update(caller.actor(), DciIds.path(id), DciEtags.ifMatch(headers),
                new RemoteAgentChange(request.text("name"), request.text("state")));
        return withEtag(Response.noContent(), RemoteAgentService.etag(agent));
    }

    @DELETE
    @Path("/remotecis/{id}")
    public Response deleteRemoteci(@PathParam("id") String id, HttpHeaders headers) {
        agents.delete(caller.actor(), DciIds.path(id), DciEtags.ifMatch(headers));
        return Response.noContent().build();
    }

    /** A new api_secret, shown in this answer only; the old one stops working. */
    @PUT
    @Path("/remotecis/{id}/api_secret")
    public Response rotateSecret(@PathParam("id") String id, HttpHeaders headers) {
        AgentWithSecret rotated = agents.rotateSecret(caller.actor(), DciIds.path(id), DciEtags.ifMatch(headers));
        return withEtag(Response.ok(new RemoteciEnvelope(DciMapper.remoteci(rotated.agent(), rotated.apiSecret()))),
                RemoteAgentService.etag(rotated.agent()));
    }

    // ---- answers and errors -----------------------------------------------------------------------------------

    private static Response created(Object entity, String etag) {
        return withEtag(Response.status(201).entity(entity), etag);
    }

    private static Response withEtag(Response.ResponseBuilder response, String etag) {
        return response.header(HttpHeaders.ETAG, etag).build();
    }

    @ServerExceptionMapper
    public Response refused(DciRefusal e) {
        return e.key() == null ? error(e.status(), DciError.of(e.status(), e.getMessage()))
                : error(e.status(), DciError.field(e.status(), e.key(), e.getMessage()));
    }

    @ServerExceptionMapper
    public Response badQuery(DciListQuery.InvalidQuery e) {
        return error(400, DciError.field(400, e.key(), e.getMessage()));
    }

    @ServerExceptionMapper
    public Response invalid(InvalidField e) {
        return error(400, DciError.field(400, DciFieldNames.of(e.field()), DciFieldNames.reason(e)));
    }

    /** Another team's record: invisible to a read (404), a refused write (401). */
    @ServerExceptionMapper
    public Response foreign(ForeignRecord e, jakarta.ws.rs.core.Request request) {
        return "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())
                ? error(404, DciError.of(404, "Not found."))
                : error(401, DciError.of(401, "Unauthorized: the record belongs to another team."));
    }

    @ServerExceptionMapper
    public Response notFound(NotFound e) {
        return error(404, DciError.of(404, "Not found."));
    }

    /** DCI answers a caller lacking a permission with 401, as it does for another team's record. */
    @ServerExceptionMapper
    public Response forbidden(Forbidden e) {
        return error(401, DciError.of(401, "Unauthorized: you do not have permission to perform this action."));
    }

    @ServerExceptionMapper
    public Response conflict(Conflict e) {
        return error(409, DciError.of(409, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response version(VersionMismatch e) {
        return e.isMissing() ? error(412, DciError.of(412, e.getMessage())) : error(422, DciError.of(422, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response nothingToRun(NothingToRun e) {
        return error(412, DciError.of(412, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response tooLarge(TooLarge e) {
        return error(413, DciError.of(413, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return error(status, DciError.of(status, e.getResponse().getStatusInfo().getReasonPhrase() + "."));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        if (DatabaseOutage.isCause(e)) {
            LOG.warnf("database unavailable answering a DCI request: %s", e.toString());
            return Response.fromResponse(error(503, DciError.of(503, DatabaseOutage.ANSWER)))
                    .header(HttpHeaders.RETRY_AFTER, DatabaseOutage.RETRY_AFTER_SECONDS).build();
        }
        LOG.error("unexpected failure answering a DCI request", e);
        return error(500, DciError.of(500, "Internal server error."));
    }

    private static Response error(int status, DciError body) {
        return Response.status(status).entity(body).type(MediaType.APPLICATION_JSON).build();
    }
}
