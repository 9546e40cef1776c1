package io.synclane.api.service;

import io.quarkus.panache.common.Parameters;
import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.Job;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.job.JobTransitions;
import io.synclane.common.domain.Project;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads jobs of a team. */
@ApplicationScoped
public class JobQueryService {
    private static final List<JobStatus> TERMINAL = List.copyOf(JobTransitions.TERMINAL);

    public Page<Job> list(long teamId, ConnectionKind kind, JobCriteria criteria, PageRequest page) {
        StringBuilder where = new StringBuilder("teamId = :team and kind = :kind");
        Parameters params = Parameters.with("team", teamId).and("kind", kind);
        if (criteria.projectId() != null) {
            if (Project.findForTeam(criteria.projectId(), teamId) == null) {
                throw new NotFound();
            }
            where.append(" and projectId = :project");
            params.and("project", criteria.projectId());
        }
        if (criteria.terminal() != null) {
            where.append(criteria.terminal() ? " and status in :terminal" : " and status not in :terminal");
            params.and("terminal", TERMINAL);
        }
        if (criteria.manual() != null) {
            where.append(" and manual = :manual");
            params.and("manual", criteria.manual());
        }
        if (criteria.succeeded() != null) {
            where.append(criteria.succeeded() ? " and status = :success" : " and status <> :success");
            params.and("success", JobStatus.SUCCESS);
        }
        if (criteria.connectionId() != null) {
            where.append(" and connectionId = :connection");
            params.and("connection", criteria.connectionId());
        }
        if (criteria.userId() != null) {
            where.append(" and userId = :user");
            params.and("user", criteria.userId());
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
}
