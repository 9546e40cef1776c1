package io.synclane.common.job;

import io.synclane.common.domain.Connection;
import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.Job;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.event.JobEvent;
import io.synclane.common.event.JobRequest;
import io.synclane.common.event.Topics;
import io.synclane.common.outbox.OutboxWriter;
import io.synclane.common.outbox.OutboxWriter.Message;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.Session;

/**
 * The one place a job's status moves. Every move is a {@code job_state} row and a {@code job-events}
 * message, written in the caller's transaction; a new job is also a {@code job-requests} message.
 * Both services and all three faces go through here.
 */
@ApplicationScoped
public class JobLifecycle {
    private final OutboxWriter outbox;
    private final EntityManager entityManager;

    public JobLifecycle(OutboxWriter outbox, EntityManager entityManager) {
        this.outbox = outbox;
        this.entityManager = entityManager;
    }

    /**
     * Creates a job of the connection and hands it to the workers through Kafka, unless the connector is
     * inaccessible: such jobs are run by remote agents, which fetch them, not by internal workers.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Job schedule(Connection connection, Long userId, boolean manual) {
        return schedule(connection, userId, manual, null,
                manual ? "requested by user " + userId : "requested by the scheduler");
    }

    /** A job for one schedule slot; the unique (connection, slot) key makes a second one impossible. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Job scheduleSlot(Connection connection, Instant slot, String comment) {
        return schedule(connection, null, false, slot, comment);
    }

    private Job schedule(Connection connection, Long userId, boolean manual, Instant slot, String comment) {
        Instant now = Instant.now();
        Job job = new Job();
        job.teamId = connection.teamId;
        job.projectId = connection.projectId;
        job.connectionId = connection.id;
        job.kind = connection.kind;
        job.status = JobStatus.SCHEDULED;
        job.manual = manual;
        job.userId = userId;
        job.slot = slot;
        job.resultMessage = slot == null ? "" : comment;
        job.createdAt = now;
        job.updatedAt = now;
        job.persist();
        if (connection.connector.inaccessible) {
            // The system sits where internal workers cannot reach it: the job waits for a remote agent.
            recordTransition(job, comment + "; waiting for a remote agent (the connector is inaccessible)");
            return job;
        }
        recordTransition(job, comment);
        outbox.append(Topics.JOB_REQUESTS, String.valueOf(job.connectionId),
                new JobRequest(job.id, job.connectionId, job.projectId, job.teamId, job.kind.wire(), now));
        return job;
    }

    /**
     * Records a job that ran elsewhere (a script, a remote tool) and reported only its result: the job is
     * written already ended, with one state, and announced; nothing is requested from the workers.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Job recordReportedResult(Connection connection, long userId, boolean manual, boolean succeeded,
            String resultMessage) {
        Instant now = Instant.now();
        Job job = new Job();
        job.teamId = connection.teamId;
        job.projectId = connection.projectId;
        job.connectionId = connection.id;
        job.kind = connection.kind;
        job.status = succeeded ? JobStatus.SUCCESS : JobStatus.FAILURE;
        job.manual = manual;
        job.userId = userId;
        job.resultMessage = resultMessage;
        job.createdAt = now;
        job.updatedAt = now;
        job.startedAt = now;
        job.finishedAt = now;
        job.persist();
        recordTransition(job, "result reported by user " + userId);
        return job;
    }

    /**
     * Ends a job with a terminal status unless it has already ended (a late or repeated report
     * never reopens or rewrites a finished job).
     *
     * @return false when the job had already ended
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean finish(Job job, JobStatus terminal, String resultMessage) {
        if (!terminal.isTerminal()) {
            throw new IllegalArgumentException(terminal + " is not a terminal status");
        }
        if (job.status.isTerminal()) {
            return false;
        }
        Instant now = Instant.now();
        job.status = terminal;
        job.resultMessage = resultMessage;
        job.finishedAt = now;
        job.updatedAt = now;
        job.leaseUntil = null;
        recordTransition(job, resultMessage);
        return true;
    }

    /** Records the job's current status as a state and announces it; the caller has already moved the row. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordTransition(Job job, String comment) {
        recordTransitions(List.of(Transition.of(job, comment)));
    }

    /**
     * Records many jobs' moves with one statement for the states and one for the events: a worker claiming or
     * finishing a batch of jobs pays for two statements, not two per job.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordTransitions(List<Transition> transitions) {
        if (transitions.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        Long[] jobIds = new Long[transitions.size()];
        String[] statuses = new String[transitions.size()];
        String[] comments = new String[transitions.size()];
        List<Message> events = new ArrayList<>(transitions.size());
        for (int i = 0; i < transitions.size(); i++) {
            Transition t = transitions.get(i);
            jobIds[i] = t.jobId();
            statuses[i] = t.status().wire();
            comments[i] = t.comment() == null ? "" : t.comment();
            events.add(new Message(String.valueOf(t.connectionId()), new JobEvent(t.jobId(), t.connectionId(),
                    t.projectId(), t.teamId(), t.kind().wire(), t.status().wire(), t.resultMessage(), now)));
        }
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO job_state (job_id, status, comment, created_at)
                    SELECT job_id, status, comment, ? FROM unnest(?::bigint[], ?::text[], ?::text[])
                        AS s (job_id, status, comment)""")) {
                insert.setObject(1, now.atOffset(ZoneOffset.UTC));
                insert.setArray(2, connection.createArrayOf("bigint", jobIds));
                insert.setArray(3, connection.createArrayOf("text", statuses));
                insert.setArray(4, connection.createArrayOf("text", comments));
                insert.executeUpdate();
            }
        });
        outbox.appendAll(Topics.JOB_EVENTS, events);
    }

    /** A job's move as a state and an event record it: the job as it is now, and why it moved. */
    public record Transition(long jobId, long connectionId, long projectId, long teamId, ConnectionKind kind,
            JobStatus status, String resultMessage, String comment) {
        public static Transition of(Job job, String comment) {
            return new Transition(job.id, job.connectionId, job.projectId, job.teamId, job.kind, job.status,
                    job.resultMessage, comment);
        }
    }
}
