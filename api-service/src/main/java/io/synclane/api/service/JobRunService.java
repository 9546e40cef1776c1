package io.synclane.api.service;

import io.synclane.common.job.JobRunQueries;
import io.synclane.common.job.JobRunQueries.RunCursor;
import io.synclane.common.job.JobRunQueries.RunCriteria;
import io.synclane.common.job.JobRunQueries.RunRow;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads the job runs of the actor's team: each execution attempt of its jobs, with its job and project. */
@ApplicationScoped
public class JobRunService {
    private final JobRunQueries queries;

    public JobRunService(JobRunQueries queries) {
        this.queries = queries;
    }

    /** The team's runs that match, oldest first, as a cursor the caller closes. */
    public RunCursor list(Actor actor, RunCriteria criteria) {
        return queries.open(actor.teamId(), criteria);
    }

    /** One run of the team; another team's is {@link NotFound} as if it did not exist. */
    public RunRow get(Actor actor, long runId) {
        return queries.find(actor.teamId(), runId).orElseThrow(NotFound::new);
    }
}
