package io.synclane.api.face.sde;

import io.synclane.api.config.ApiConfig;
import io.synclane.api.security.Caller;
import io.synclane.api.service.ConnectionService;
import io.synclane.api.service.InvalidField;
import io.synclane.api.service.JobCriteria;
import io.synclane.api.service.JobQueryService;
import io.synclane.api.service.NotFound;
import io.synclane.api.service.Page;
import io.synclane.api.service.PageRequest;
import io.synclane.common.domain.Connection;
import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.Job;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders jobs for the v2 face, shared by the team-wide and the per-project job routes. */
@ApplicationScoped
class JobListing {
    /**
     * A job list's filters as the client sent them; {@code completed}/{@code ready} and
     * {@code manual}/{@code automatic} are the two spellings of the seeds (the first one given wins).
     */
    record JobFilters(String completed, String ready, String manual, String automatic, String succeeded,
            Long connection, Long user) {
        JobCriteria criteria(Long projectId) {
            Boolean terminal = parseBoolean("completed", completed);
            if (terminal == null) {
                terminal = parseBoolean("ready", ready);
            }
            Boolean startedByHand = parseBoolean("manual", manual);
            if (startedByHand == null) {
                Boolean scheduled = parseBoolean("automatic", automatic);
                startedByHand = scheduled == null ? null : !scheduled;
            }
            return new JobCriteria(projectId, terminal, startedByHand, parseBoolean("succeeded", succeeded),
                    connection, user);
        }
    }

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

    /** With {@code expand=connection}, the page's connections (with their connectors) come in one query. */
    ListPage<JobView> page(ConnectionKind kind, Long projectId, JobFilters filters, String expand, String pageSize,
            String page, UriInfo uri) {
        PageRequest request = PageRequest.of(QueryValues.integer("page_size", pageSize), QueryValues.integer("page", page),
                config.maxPageSize(), before(uri));
        Page<Job> found = jobs.list(caller.teamId(), kind, filters.criteria(projectId), request);
        if (!"connection".equals(expand)) {
            return mapper.page(found.map(mapper::job), uri);
        }
        Map<Long, Connection> expanded = connectionsOf(kind, found.items());
        return mapper.page(found.map(job -> expanded(job, expanded)), uri);
    }

    JobView one(ConnectionKind kind, long id, String expand) {
        Job job = jobs.get(caller.teamId(), kind, id);
        if (!"connection".equals(expand)) {
            return mapper.job(job);
        }
        return expanded(job, connectionsOf(kind, List.of(job)));
    }

    private Map<Long, Connection> connectionsOf(ConnectionKind kind, List<Job> page) {
        return connections.getAll(caller.teamId(), kind, page.stream().map(job -> job.connectionId).distinct().toList());
    }

    private JobView expanded(Job job, Map<Long, Connection> connectionsById) {
        Connection connection = connectionsById.get(job.connectionId);
        if (connection == null) {
            throw new NotFound();
        }
        return mapper.job(job, connection, caller.canEdit(job.kind));
    }

    /** The keyset cursor of a {@code next} link: {@code before=<job id>}. */
    private static Long before(UriInfo uri) {
        return QueryValues.id("before", uri.getQueryParameters().getFirst("before"));
    }

    static Boolean parseBoolean(String name, String value) {
        if (value == null) {
            return null;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new InvalidField(name, "Must be a boolean (true or false).");
        };
    }
}
