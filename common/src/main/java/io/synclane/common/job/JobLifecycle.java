package io.synclane.common.job;

import io.synclane.common.domain.Connection;
import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.Job;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.job.JobStore.MovedJob;
import io.synclane.common.job.JobStore.NewJob;
import io.synclane.common.job.JobStore.SyncRequest;
import io.synclane.common.logging.LogContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The job core's use cases for whoever starts or stops jobs (the faces' services, the scheduler, the
 * dead-letter handler): it decides what a new job is and says why a job moved; {@link JobStore} writes it,
 * guarded by {@link JobTransitions}.
 */
@ApplicationScoped
public class JobLifecycle {
    private static final Logger LOG = Logger.getLogger(JobLifecycle.class);
    private final JobStore store;
    private final EntityManager entityManager;

    public JobLifecycle(JobStore store, EntityManager entityManager) {
        this.store = store;
        this.entityManager = entityManager;
    }

    /**
     * Creates a job of the connection and hands it to the internal workers through Kafka, unless the connector is
     * inaccessible: such a job waits, {@code scheduled}, for a remote agent, and no internal worker ever gets it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Job schedule(Connection connection, Long userId, boolean manual) {
        String comment = manual ? requestedBy(userId) : "requested by the scheduler";
        long id = store.create(List.of(newJob(connection, userId, manual, null, "", comment))).get(0);
        logCreated(id, connection.kind, connection.id, comment);
        return entityManager.find(Job.class, id);
    }

    /**
     * Jobs that clients asked for, many in one transaction (the API's group commit of triggers): each request
     * whose connection is its team's gets a job, as {@link #schedule} makes it; an unknown connection gets none.
     * Answers each request's job, in order.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Optional<MovedJob>> scheduleRequested(List<SyncRequest> requests) {
        List<Optional<MovedJob>> created = store.createRequested(requests,
                (request, job) -> comment(requestedBy(request.userId()), job.remoteAgent()));
        for (int i = 0; i < requests.size(); i++) {
            SyncRequest request = requests.get(i);
            created.get(i).ifPresent(job -> {
                // Written by the batch's thread: the line names its own request, not whichever the thread last served.
                String before = LogContext.requestId();
                LogContext.putRequestId(request.requestId());
                logCreated(job.id(), job.kind(), job.connectionId(), requestedBy(request.userId()));
                LogContext.putRequestId(before);
            });
        }
        return created;
    }

    /**
     * {@link #schedule} for a client that notes a comment on the job, asks for a recheck or names the remote agent
     * that is to run it (the DCI face). Returns the new job's id.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long schedule(Connection connection, Long userId, JobStore.JobNotes notes, String why) {
        long id = store.create(List.of(newJob(JobTarget.of(connection), userId, true, null, "", why, notes))).get(0);
        logCreated(id, connection.kind, connection.id, why);
        return id;
    }

    /** The audit line of a job someone asked for; its log context names the request (a slot job's has none). */
    private static void logCreated(long id, ConnectionKind kind, long connectionId, String why) {
        LOG.infof("job %d created for %s connection %d: %s", id, kind.wire(), connectionId, why);
    }

    private static String requestedBy(Long userId) {
        return "requested by user " + userId;
    }

    /** A remote agent's job says, from its first state on, that it waits for an agent. */
    private static String comment(String why, boolean remote) {
        return remote ? why + "; waiting for a remote agent (the connector is inaccessible)" : why;
    }

    /** A job for one schedule slot; the unique (connection, slot) key makes a second one impossible. */
    public record SlotJob(JobTarget connection, Instant slot, String comment) {
    }

    /** What a new job takes from its connection: read by whoever starts it, as an entity or a row. */
    public record JobTarget(long connectionId, long teamId, long projectId, ConnectionKind kind, boolean remoteAgent) {
        public static JobTarget of(Connection connection) {
            return new JobTarget(connection.id, connection.teamId, connection.projectId, connection.kind,
                    connection.connector.inaccessible);
        }
    }

    /**
     * Jobs for many connections' slots in one go. A remote agent's job of an earlier slot that no agent has taken
     * yet is superseded by the new one (ended {@code error} saying so), so an absent agent finds one job waiting,
     * not one per missed slot.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void scheduleSlots(List<SlotJob> slotJobs) {
        List<Long> remoteConnections = slotJobs.stream().map(SlotJob::connection)
                .filter(JobTarget::remoteAgent).map(JobTarget::connectionId).toList();
        if (!remoteConnections.isEmpty()) {
            List<Long> waiting = store.waitingAgentJobs(remoteConnections);
            if (!waiting.isEmpty()) {
                store.end(waiting, java.util.Set.of(JobStatus.SCHEDULED), JobStatus.ERROR,
                        "No remote agent took this job before the connection's next slot; the next slot's job replaces it.");
            }
        }
        store.create(slotJobs.stream()
                .map(s -> newJob(s.connection(), null, false, s.slot(), s.comment(), s.comment(), JobStore.JobNotes.NONE))
                .toList());
    }

    private static NewJob newJob(Connection connection, Long userId, boolean manual, Instant slot,
            String resultMessage, String comment) {
        return newJob(JobTarget.of(connection), userId, manual, slot, resultMessage, comment, JobStore.JobNotes.NONE);
    }

    private static NewJob newJob(JobTarget connection, Long userId, boolean manual, Instant slot,
            String resultMessage, String comment, JobStore.JobNotes notes) {
        boolean remote = connection.remoteAgent();
        return new NewJob(connection.teamId(), connection.projectId(), connection.connectionId(), connection.kind(),
                remote, manual, userId, slot, resultMessage, comment(comment, remote), notes, LogContext.requestId());
    }

    /**
     * Records a job that ran elsewhere (a script, a remote tool) and reported only its result: the job is
     * written already ended, with one state, and announced; nothing is requested from the workers.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Job recordReportedResult(Connection connection, long userId, boolean manual, boolean succeeded,
            String resultMessage) {
        long id = store.createEnded(newJob(connection, userId, manual, null, resultMessage, ""),
                succeeded ? JobStatus.SUCCESS : JobStatus.FAILURE, "result reported by user " + userId);
        return entityManager.find(Job.class, id);
    }

    /**
     * Ends a job {@code terminal} unless it has already ended: of two racing ends (a cancel and a completion)
     * exactly one applies, and only that one is recorded. The entity is reloaded to show the outcome.
     *
     * @return false when the job had already ended (a late or repeated end never reopens or rewrites it)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean finish(Job job, JobStatus terminal, String resultMessage) {
        boolean ended = !store.end(List.of(job.id), JobTransitions.UNFINISHED, terminal, resultMessage).isEmpty();
        if (entityManager.contains(job)) {
            entityManager.refresh(job);
        }
        return ended;
    }
}
