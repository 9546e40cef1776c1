package io.synclane.api.service;

import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.Job;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.job.JobLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Operators' controls over a job: cancel it, or run its connection again. */
@ApplicationScoped
public class JobControlService {
    /** The job had already ended; answered 409. */
    public static class AlreadyEnded extends RuntimeException {
        public AlreadyEnded(Job job) {
            super("Job " + job.id + " has already ended (" + job.status.wire() + ").");
        }
    }

    private final JobQueryService jobs;
    private final ConnectionService connections;
    private final JobLifecycle lifecycle;

    public JobControlService(JobQueryService jobs, ConnectionService connections, JobLifecycle lifecycle) {
        this.jobs = jobs;
        this.connections = connections;
        this.lifecycle = lifecycle;
    }

    /** Whether the caller may cancel a job of that side in that status: the rule {@link #cancel} enforces. */
    public static boolean mayCancel(Actor caller, ConnectionKind kind, JobStatus status) {
        return caller.canEditConnections(kind) && !status.isTerminal();
    }

    /** Whether the caller may run a job's connection again: the rule {@link #rerun} enforces. */
    public static boolean mayRerun(Actor caller, ConnectionKind kind) {
        return caller.canEditConnections(kind);
    }

    /**
     * Ends a queued or running job {@code killed}. A queued one is never claimed; a running one is stopped
     * by its worker at the next lease renewal, which finds the job no longer its own.
     */
    @Transactional
    public Job cancel(Actor caller, ConnectionKind kind, long id) {
        Job job = jobs.get(caller.teamId(), kind, id);
        caller.requireEdit(kind);
        if (!lifecycle.finish(job, JobStatus.KILLED, "cancelled by user " + caller.userId())) {
            throw new AlreadyEnded(job);
        }
        return job;
    }

    /** A new job for the same connection, started by this caller. */
    @Transactional
    public Job rerun(Actor caller, ConnectionKind kind, long id) {
        Job job = jobs.get(caller.teamId(), kind, id);
        caller.requireEdit(kind);
        return lifecycle.schedule(connections.get(caller.teamId(), kind, job.connectionId), caller.userId(), true);
    }
}
