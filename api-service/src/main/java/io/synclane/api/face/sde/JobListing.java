package io.synclane.api.face.sde;

import io.synclane.api.config.ApiConfig;
import io.synclane.api.security.Caller;
import io.synclane.api.service.ConnectionService;
import io.synclane.api.service.InvalidField;
import io.synclane.api.service.JobQueryService;
import io.synclane.api.service.JobQueryService.JobFilter;
import io.synclane.api.service.NotFound;
import io.synclane.api.service.Page;
import io.synclane.api.service.PageRequest;
import io.synclane.common.domain.Connection;
import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.Job;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;

/** Renders jobs for the v2 face, shared by the team-wide and the per-project job routes. */
@ApplicationScoped
class JobListing {
    private final JobQueryService jobs;
    private final ConnectionService connections;
    private final SdeMapper mapper;
    private final Caller caller;
    private final ApiConfig config;

    JobListing(JobQueryService jobs, ConnectionService connections, SdeMapper mapper, Caller caller, ApiConfig config) {
        this.jobs = jobs;
        this.connections = connections;
        this.mapper = mapper;
        this.caller = caller;
        this.config = config;
    }

    Map<String, Object> page(ConnectionKind kind, JobFilter filter, String expand, Integer pageSize, Integer page,
            UriInfo uri) {
        PageRequest request = PageRequest.of(pageSize, page, config.maxPageSize(), before(uri));
        boolean expandConnection = "connection".equals(expand);
        Page<Job> found = jobs.list(caller.teamId(), kind, filter, request);
        Map<Long, Connection> expanded = expandConnection ? connectionsOf(kind, found.items()) : Map.of();
        return mapper.page(found.map(job -> mapper.job(job, connectionField(job, expandConnection, expanded))), uri);
    }

    Map<String, Object> one(ConnectionKind kind, long id, String expand) {
        Job job = jobs.get(caller.teamId(), kind, id);
        boolean expandConnection = "connection".equals(expand);
        Map<Long, Connection> expanded = expandConnection ? connectionsOf(kind, List.of(job)) : Map.of();
        return mapper.job(job, connectionField(job, expandConnection, expanded));
    }

    /** The page's connections with their connectors, in one query. */
    private Map<Long, Connection> connectionsOf(ConnectionKind kind, List<Job> page) {
        return connections.getAll(caller.teamId(), kind, page.stream().map(job -> job.connectionId).distinct().toList());
    }

    /** The keyset cursor of a {@code next} link: {@code before=<job id>}. */
    private static Long before(UriInfo uri) {
        String value = uri.getQueryParameters().getFirst("before");
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidField("before", "A valid integer is required.");
        }
    }

    /** The connection's id, or with {@code expand=connection} the connection itself. */
    private Object connectionField(Job job, boolean expand, Map<Long, Connection> expanded) {
        if (!expand) {
            return job.connectionId;
        }
        Connection connection = expanded.get(job.connectionId);
        if (connection == null) {
            throw new NotFound();
        }
        return mapper.jobConnection(connection, caller.canEdit(job.kind));
    }
}
