package io.synclane.api.service;

import io.quarkus.panache.common.Parameters;
import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.Job;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.domain.Project;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/** Reads jobs of a team, with the filters both versions of the SD Elements page name. */
@ApplicationScoped
public class JobQueryService {
    private static final List<JobStatus> TERMINAL =
            List.of(JobStatus.SUCCESS, JobStatus.FAILURE, JobStatus.ERROR, JobStatus.KILLED);

    /**
     * Raw filter values as the client sent them; {@code completed}/{@code ready} and
     * {@code manual}/{@code automatic} are the two spellings of the seeds.
     */
    public record JobFilter(Long projectId, String completed, String ready, String manual, String automatic,
            String succeeded, Long connection, Long user) {
    }

    public Page<Job> list(long teamId, ConnectionKind kind, JobFilter filter, PageRequest page) {
        StringBuilder where = new StringBuilder("teamId = :team and kind = :kind");
        Parameters params = Parameters.with("team", teamId).and("kind", kind);
        if (filter.projectId() != null) {
            if (Project.findForTeam(filter.projectId(), teamId) == null) {
                throw new NotFound();
            }
            where.append(" and projectId = :project");
            params.and("project", filter.projectId());
        }
        Boolean completed = firstBoolean("completed", filter.completed(), "ready", filter.ready());
        if (completed != null) {
            where.append(completed ? " and status in :terminal" : " and status not in :terminal");
            params.and("terminal", TERMINAL);
        }
        Boolean manual = firstBoolean("manual", filter.manual(), "automatic", invert(filter.automatic()));
        if (manual != null) {
            where.append(" and manual = :manual");
            params.and("manual", manual);
        }
        Boolean succeeded = parseBoolean("succeeded", filter.succeeded());
        if (succeeded != null) {
            where.append(succeeded ? " and status = :success" : " and status <> :success");
            params.and("success", JobStatus.SUCCESS);
        }
        if (filter.connection() != null) {
            where.append(" and connectionId = :connection");
            params.and("connection", filter.connection());
        }
        if (filter.user() != null) {
            where.append(" and userId = :user");
            params.and("user", filter.user());
        }
        Map<String, Object> below = new HashMap<>(params.map());
        return Page.keyed(Job.find(where + " order by id desc", params),
                before -> {
                    below.put("before", before);
                    return Job.find(where + " and id < :before order by id desc", below);
                },
                job -> job.id, page);
    }

    public Job get(long teamId, ConnectionKind kind, long id) {
        Job job = Job.findForTeam(id, teamId, kind);
        if (job == null) {
            throw new NotFound();
        }
        return job;
    }

    private static Boolean firstBoolean(String name, String value, String otherName, String otherValue) {
        Boolean first = parseBoolean(name, value);
        return first != null ? first : parseBoolean(otherName, otherValue);
    }

    /** {@code automatic=true} means {@code manual=false}; the field name in errors stays {@code automatic}. */
    private static String invert(String automatic) {
        if (automatic == null) {
            return null;
        }
        Boolean parsed = parseBoolean("automatic", automatic);
        return String.valueOf(!parsed);
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
