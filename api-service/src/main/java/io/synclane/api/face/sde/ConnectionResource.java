package io.synclane.api.face.sde;

import io.smallrye.mutiny.Uni;
import io.synclane.api.config.ApiConfig;
import io.synclane.api.security.Caller;
import io.synclane.api.service.Actor;
import io.synclane.api.service.ConnectionService;
import io.synclane.api.service.Page;
import io.synclane.api.service.PageRequest;
import io.synclane.api.service.SyncService;
import io.synclane.common.domain.Connection;
import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.job.JobQueries.JobRow;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/api/v2/connections/" + Kinds.PATH)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = Tags.CONNECTIONS)
@SecurityRequirement(name = Tags.SECURITY)
public class ConnectionResource {
    private final ConnectionService connections;
    private final SyncService syncs;
    private final SdeMapper mapper;
    private final Caller caller;
    private final ApiConfig config;

    public ConnectionResource(ConnectionService connections, SyncService syncs, SdeMapper mapper, Caller caller,
            ApiConfig config) {
        this.connections = connections;
        this.syncs = syncs;
        this.mapper = mapper;
        this.caller = caller;
        this.config = config;
    }

    /** The page's last jobs (for {@code in_progress}, and {@code last_job} when asked for) come in one query. */
    @GET
    public ListPage<ConnectionView> list(@RestPath String kind,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @RestQuery String project, @RestQuery String include,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @RestQuery("page_size") String pageSize,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER)) @RestQuery String page, @Context UriInfo uri) {
        ConnectionKind side = Kinds.parse(kind);
        PageRequest request = QueryValues.page(pageSize, page, config.maxPageSize());
        boolean includeLastJob = "last_job".equals(include);
        Page<Connection> found = connections.list(caller.teamId(), side, QueryValues.id("project", project), request);
        Map<Long, JobRow> lastJobs = connections.lastJobs(found.items());
        return mapper.page(found.map(c -> view(c, includeLastJob, lastJobs.get(c.id))), uri);
    }

    @POST
    @ResponseStatus(201)
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConnectionView.class)))
    public ConnectionView create(@RestPath String kind, ConnectionBody body) {
        return view(connections.create(caller.actor(), Kinds.parse(kind), ConnectionBody.input(body)), false);
    }

    @GET
    @Path("/{id: [0-9]+}")
    public ConnectionView get(@RestPath String kind, @RestPath long id, @RestQuery String include) {
        return view(connections.get(caller.teamId(), Kinds.parse(kind), id), "last_job".equals(include));
    }

    @PATCH
    @Path("/{id: [0-9]+}")
    public ConnectionView update(@RestPath String kind, @RestPath long id, ConnectionBody body) {
        return view(connections.update(caller.actor(), Kinds.parse(kind), id, ConnectionBody.changes(body)), false);
    }

    @DELETE
    @Path("/{id: [0-9]+}")
    @APIResponse(responseCode = "204", description = "Deleted")
    public void delete(@RestPath String kind, @RestPath long id) {
        connections.delete(caller.actor(), Kinds.parse(kind), id);
    }

    /**
     * Starts a sync or import now: 202 with the new job. It takes no body, so any content type will do. Served on
     * the event loop: the trigger waits for its group commit without holding a thread.
     */
    @POST
    @Path("/{id: [0-9]+}/sync")
    @Consumes(MediaType.WILDCARD)
    @ResponseStatus(202)
    @APIResponse(responseCode = "202", description = "The new job",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobView.class)))
    public Uni<JobView> sync(@RestPath String kind, @RestPath long id) {
        Actor actor = caller.actor();
        return syncs.trigger(actor, Kinds.parse(kind), id).map(job -> mapper.newJob(job, actor.userId()));
    }

    private ConnectionView view(Connection connection, boolean includeLastJob) {
        return view(connection, includeLastJob, connections.lastJobs(List.of(connection)).get(connection.id));
    }

    private ConnectionView view(Connection connection, boolean includeLastJob, JobRow lastJob) {
        return mapper.connection(connection, caller.canEdit(connection.kind), includeLastJob, lastJob);
    }
}
