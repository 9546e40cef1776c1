package io.synclane.api.rest;

import io.synclane.api.config.ApiConfig;
import io.synclane.api.mapping.SdeMapper;
import io.synclane.api.security.Caller;
import io.synclane.api.service.ConnectionService;
import io.synclane.api.service.JobQueryService;
import io.synclane.api.service.JobQueryService.JobFilter;
import io.synclane.api.service.PageRequest;
import io.synclane.common.domain.Connection;
import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.Job;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Jobs of all the team's projects, and of one project ({@code /api/v2/projects/{id}/jobs/...}). */
@Path("/api/v2")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Jobs")
public class JobResource {
    private final JobQueryService jobs;
    private final ConnectionService connections;
    private final SdeMapper mapper;
    private final Caller caller;
    private final ApiConfig config;

    public JobResource(JobQueryService jobs, ConnectionService connections, SdeMapper mapper, Caller caller,
            ApiConfig config) {
        this.jobs = jobs;
        this.connections = connections;
        this.mapper = mapper;
        this.caller = caller;
        this.config = config;
    }

    @GET
    @Path("/jobs/" + Kinds.PATH)
    public Map<String, Object> list(@RestPath String kind, @RestQuery String expand, @RestQuery String completed,
            @RestQuery String ready, @RestQuery String manual, @RestQuery String automatic,
            @RestQuery String succeeded, @RestQuery Long connection, @RestQuery Long user,
            @RestQuery("page_size") Integer pageSize, @RestQuery Integer page, @Context UriInfo uri) {
        JobFilter filter = new JobFilter(null, completed, ready, manual, automatic, succeeded, connection, user);
        return page(kind, filter, expand, pageSize, page, uri);
    }

    @GET
    @Path("/projects/{projectId}/jobs/" + Kinds.PATH)
    public Map<String, Object> listForProject(@RestPath long projectId, @RestPath String kind,
            @RestQuery String expand, @RestQuery String completed, @RestQuery String ready,
            @RestQuery String manual, @RestQuery String automatic, @RestQuery String succeeded,
            @RestQuery Long connection, @RestQuery Long user, @RestQuery("page_size") Integer pageSize,
            @RestQuery Integer page, @Context UriInfo uri) {
        JobFilter filter = new JobFilter(projectId, completed, ready, manual, automatic, succeeded, connection, user);
        return page(kind, filter, expand, pageSize, page, uri);
    }

    @GET
    @Path("/jobs/" + Kinds.PATH + "/{id}")
    public Map<String, Object> get(@RestPath String kind, @RestPath long id, @RestQuery String expand) {
        Job job = jobs.get(caller.teamId(), Kinds.parse(kind), id);
        return mapper.job(job, connectionField(job, "connection".equals(expand), new HashMap<>()));
    }

    private Map<String, Object> page(String kind, JobFilter filter, String expand, Integer pageSize, Integer page,
            UriInfo uri) {
        ConnectionKind side = Kinds.parse(kind);
        PageRequest request = PageRequest.of(pageSize, page, config.maxPageSize());
        boolean expandConnection = "connection".equals(expand);
        Map<Long, Connection> seen = new HashMap<>();
        return mapper.page(jobs.list(caller.teamId(), side, filter, request)
                .map(job -> mapper.job(job, connectionField(job, expandConnection, seen))), uri);
    }

    /** The connection's id, or with {@code expand=connection} the connection itself (loaded once per page). */
    private Object connectionField(Job job, boolean expand, Map<Long, Connection> seen) {
        if (!expand) {
            return job.connectionId;
        }
        Connection connection = seen.computeIfAbsent(job.connectionId,
                id -> connections.get(caller.teamId(), job.kind, id));
        return mapper.jobConnection(connection, caller.canEdit(job.kind));
    }
}
