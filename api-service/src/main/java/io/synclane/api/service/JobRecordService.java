package io.synclane.api.service;

import io.synclane.api.config.ApiConfig;
import io.synclane.common.domain.Connection;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.domain.RemoteAgent;
import io.synclane.common.job.JobLifecycle;
import io.synclane.common.job.JobRecordQueries;
import io.synclane.common.job.JobRecordQueries.Filter;
import io.synclane.common.job.JobRecordQueries.JobRecord;
import io.synclane.common.job.JobRecordQueries.Order;
import io.synclane.common.job.JobStore;
import io.synclane.common.job.JobStore.Guarded;
import io.synclane.common.job.JobStore.JobNotes;
import io.synclane.common.job.JobStore.RecordedState;
import io.synclane.common.job.JobTransitions;
import io.synclane.common.job.RunnerProcess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.Optional;

/**
 * Jobs addressed one by one, with their versions (ETags) and states: created for a connection with a comment, a
 * recheck flag or the agent to run them; listed, noted, ended and deleted; moved by the remote agent that holds
 * them. Every move goes through the job core's state machine. A read of another team's job is {@link NotFound},
 * a write {@link ForeignRecord}.
 */
@ApplicationScoped
public class JobRecordService {
    public static final int COMMENT_MAX = Texts.COMMENT_MAX;

    /** A job to create: its connection, and optionally the team (must be the caller's), agent, comment, recheck. */
    public record NewJobCommand(Long connectionId, Long teamId, Long remoteciId, String comment, boolean recheck) {
    }

    /** What a change sets; null leaves it. A status is a state move, as a posted job state is. */
    public record JobChange(String comment, JobStatus status) {
    }

    /** A team's jobs: filters on the core's fields, an order, a page. */
    public record JobListCriteria(List<Filter> filters, List<Order> orders, int limit, long offset) {
    }

    private final JobRecordQueries records;
    private final JobStore store;
    private final JobLifecycle lifecycle;
    private final ApiConfig config;

    public JobRecordService(JobRecordQueries records, JobStore store, JobLifecycle lifecycle, ApiConfig config) {
        this.records = records;
        this.store = store;
        this.lifecycle = lifecycle;
        this.config = config;
    }

    @Transactional
    public JobRecord create(Actor caller, NewJobCommand command) {
        if (command.teamId() != null && command.teamId() != caller.teamId()) {
            throw new ForeignRecord();
        }
        if (command.connectionId() == null) {
            throw InvalidField.required("connectionId");
        }
        Connection connection = Connection.findById(command.connectionId());
        if (connection == null || connection.teamId != caller.teamId()) {
            throw InvalidField.unknownReference("connectionId", command.connectionId());
        }
        if (!caller.isAgent()) {
            caller.requireEdit(connection.kind);
        }
        if (command.remoteciId() != null) {
            RemoteAgent agent = RemoteAgent.findById(command.remoteciId());
            if (agent == null || agent.teamId != caller.teamId()) {
                throw InvalidField.unknownReference("remoteciId", command.remoteciId());
            }
        }
        String why = caller.isAgent() ? "requested by remote agent " + caller.remoteciId()
                : "requested by user " + caller.userId();
        long id = lifecycle.schedule(connection, caller.userIdOrNull(),
                new JobNotes(comment(command.comment()), command.recheck(), command.remoteciId()),
                why + (command.recheck() ? " (recheck)" : ""));
        return records.job(id).orElseThrow();
    }

    /** A new job copying this one, marked as a recheck: an agent's next schedule gives it first. */
    @Transactional
    public JobRecord recheck(Actor caller, long jobId) {
        JobRecord job = get(caller, jobId);
        Connection connection = Connection.findById(job.connectionId());
        long id = lifecycle.schedule(connection, caller.userIdOrNull(),
                new JobNotes(job.comment(), true, job.remoteciId()), "recheck of job " + job.id());
        return records.job(id).orElseThrow();
    }

    /** The team's job; another team's is {@link ForeignRecord} (a face words it as a read or as a write refused). */
    public JobRecord get(Actor caller, long jobId) {
        JobRecord job = records.job(jobId).orElseThrow(NotFound::new);
        if (job.teamId() != caller.teamId()) {
            throw new ForeignRecord();
        }
        return job;
    }

    public JobRecordQueries.Page list(Actor caller, JobListCriteria criteria) {
        return records.jobs(caller.teamId(), criteria.filters(), criteria.orders(), criteria.limit(), criteria.offset());
    }

    /** Notes a comment and moves the status, if {@code etag} is the job's version; answers the job as it now is. */
    @Transactional
    public JobRecord update(Actor caller, long jobId, String etag, JobChange change) {
        get(caller, jobId);
        if (etag == null) {
            throw VersionMismatch.missing();
        }
        Guarded noted = store.noteComment(jobId, caller.teamId(), etag,
                change.comment() == null ? null : comment(change.comment()));
        if (noted == Guarded.STALE) {
            throw VersionMismatch.stale();
        }
        if (noted == Guarded.ABSENT) {
            throw new NotFound();
        }
        if (change.status() != null) {
            move(caller, get(caller, jobId), change.status(), change.comment() == null ? "" : change.comment());
        }
        return get(caller, jobId);
    }

    /** Deletes a job that no run holds, with its states, runs and files; a team admin's act. */
    @Transactional
    public void delete(Actor caller, long jobId, String etag) {
        JobRecord job = get(caller, jobId);
        caller.requireManages(job.teamId());
        if (etag == null) {
            throw VersionMismatch.missing();
        }
        if (JobTransitions.RUN_ACTIVE.contains(job.status())) {
            throw new Conflict("Job " + jobId + " is running (" + job.status().wire() + "): cancel it first.");
        }
        Guarded deleted = store.delete(jobId, caller.teamId(), etag);
        if (deleted == Guarded.STALE) {
            throw VersionMismatch.stale();
        }
    }

    public List<RecordedState> states(Actor caller, long jobId) {
        get(caller, jobId);
        return records.states(jobId);
    }

    public RecordedState state(Actor caller, long stateId) {
        JobRecordQueries.StateRecord state = records.state(stateId).orElseThrow(NotFound::new);
        if (state.teamId() != caller.teamId()) {
            throw new ForeignRecord();
        }
        return state.state();
    }

    /**
     * A job state posted for a job. The remote agent holding the job reports its run: a move the state machine
     * allows, or the status again (a progress note); either renews its lease. Anyone else of the team may only end
     * it: {@code killed} (a cancel) or {@code error}. A job that has ended never moves: {@link Conflict}.
     */
    @Transactional
    public RecordedState postState(Actor caller, long jobId, JobStatus status, String comment) {
        return move(caller, get(caller, jobId), status, comment == null ? "" : comment(comment));
    }

    private RecordedState move(Actor caller, JobRecord job, JobStatus status, String comment) {
        if (job.status().isTerminal()) {
            throw new Conflict("Job " + job.id() + " has ended (" + job.status().wire() + "); it does not move again.");
        }
        String claimant = caller.isAgent() ? RunnerProcess.agentClaimant(caller.remoteciId()) : null;
        if (claimant != null && claimant.equals(job.claimedBy())) {
            Optional<RecordedState> reported = store.reportFromAgent(job.id(), claimant, status, comment,
                    config.agents().lease());
            return reported.orElseThrow(() -> new InvalidField("status",
                    "a job in " + job.status().wire() + " cannot move to " + status.wire()));
        }
        if (status == JobStatus.KILLED || status == JobStatus.ERROR) {
            String why = comment.isEmpty()
                    ? (status == JobStatus.KILLED ? "cancelled" : "ended as an error") + " by "
                            + (caller.isAgent() ? "remote agent " + caller.remoteciId() : "user " + caller.userId())
                    : comment;
            return store.endWithState(job.id(), JobTransitions.UNFINISHED, status, why)
                    .orElseThrow(() -> new Conflict("Job " + job.id() + " has already ended."));
        }
        if (caller.isAgent()) {
            throw new Conflict("Job " + job.id() + " is not held by this agent"
                    + (job.claimedBy() == null ? "." : " but by " + job.claimedBy() + "."));
        }
        throw new InvalidField("status", "only the remote agent running a job reports its progress; "
                + "anyone else of the team may end it as killed or error");
    }

    /** The team's remote agents among these ids, by id, in one query. */
    public Map<Long, RemoteAgent> remoteAgents(Actor caller, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return RemoteAgent.<RemoteAgent>list("teamId = ?1 and id in ?2", caller.teamId(), Set.copyOf(ids)).stream()
                .collect(Collectors.toMap(agent -> agent.id, agent -> agent));
    }

    /** The team's connections among these ids with their connectors, by id, in one query. */
    public Map<Long, Connection> connections(Actor caller, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return Connection.<Connection>list("from Connection c join fetch c.connector where c.teamId = ?1 and c.id in ?2",
                caller.teamId(), Set.copyOf(ids)).stream()
                .collect(Collectors.toMap(connection -> connection.id, connection -> connection));
    }

    private static String comment(String comment) {
        if (comment == null) {
            return "";
        }
        return Texts.bounded("comment", comment, COMMENT_MAX);
    }
}
