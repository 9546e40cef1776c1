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
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
        String comment = manual ? "requested by user " + userId : "requested by the scheduler";
        long id = scheduleAll(List.of(new NewJob(connection, userId, manual, null, comment))).get(0);
        return entityManager.find(Job.class, id);
    }

    /** A job for one schedule slot; the unique (connection, slot) key makes a second one impossible. */
    public record SlotJob(Connection connection, Instant slot, String comment) {
    }

    /** Jobs for many connections' slots in one go: four statements for the whole batch. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void scheduleSlots(List<SlotJob> slotJobs) {
        scheduleAll(slotJobs.stream().map(s -> new NewJob(s.connection(), null, false, s.slot(), s.comment())).toList());
    }

    private record NewJob(Connection connection, Long userId, boolean manual, Instant slot, String comment) {
    }

    /**
     * The one way jobs are created: the job rows, their first states, and a {@code job-requests} message for
     * each job that internal workers run. Set-based, so a scheduler pass over hundreds of due connections costs
     * a handful of statements. Returns the new jobs' ids in the order given.
     */
    private List<Long> scheduleAll(List<NewJob> jobs) {
        if (jobs.isEmpty()) {
            return List.of();
        }
        Instant now = Instant.now();
        int n = jobs.size();
        Long[] ids = new Long[n];
        Long[] teamIds = new Long[n];
        Long[] projectIds = new Long[n];
        Long[] connectionIds = new Long[n];
        String[] kinds = new String[n];
        Boolean[] manual = new Boolean[n];
        Long[] userIds = new Long[n];
        String[] slots = new String[n];
        String[] resultMessages = new String[n];
        for (int i = 0; i < n; i++) {
            NewJob job = jobs.get(i);
            teamIds[i] = job.connection().teamId;
            projectIds[i] = job.connection().projectId;
            connectionIds[i] = job.connection().id;
            kinds[i] = job.connection().kind.wire();
            manual[i] = job.manual();
            userIds[i] = job.userId();
            slots[i] = job.slot() == null ? null : job.slot().toString();
            resultMessages[i] = job.slot() == null ? "" : job.comment();
        }
        entityManager.unwrap(Session.class).doWork(connection -> {
            // Ids first, so each new row is known by its place in the list.
            try (PreparedStatement next = connection.prepareStatement(
                    "SELECT nextval(pg_get_serial_sequence('job', 'id')) FROM generate_series(1, ?)")) {
                next.setInt(1, n);
                try (ResultSet rs = next.executeQuery()) {
                    for (int i = 0; rs.next(); i++) {
                        ids[i] = rs.getLong(1);
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO job (id, team_id, project_id, connection_id, kind, status, manual, user_id, slot,
                                     result_message, created_at, updated_at)
                    SELECT id, team_id, project_id, connection_id, kind, ?, manual, user_id, slot, result_message, ?, ?
                    FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::boolean[],
                                ?::bigint[], ?::timestamptz[], ?::text[])
                        AS j (id, team_id, project_id, connection_id, kind, manual, user_id, slot, result_message)""")) {
                OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
                insert.setString(1, JobStatus.SCHEDULED.wire());
                insert.setObject(2, at);
                insert.setObject(3, at);
                insert.setArray(4, connection.createArrayOf("bigint", ids));
                insert.setArray(5, connection.createArrayOf("bigint", teamIds));
                insert.setArray(6, connection.createArrayOf("bigint", projectIds));
                insert.setArray(7, connection.createArrayOf("bigint", connectionIds));
                insert.setArray(8, connection.createArrayOf("text", kinds));
                insert.setArray(9, connection.createArrayOf("boolean", manual));
                insert.setArray(10, connection.createArrayOf("bigint", userIds));
                insert.setArray(11, connection.createArrayOf("text", slots));
                insert.setArray(12, connection.createArrayOf("text", resultMessages));
                insert.executeUpdate();
            }
        });
        List<Transition> transitions = new ArrayList<>(n);
        List<Message> requests = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            NewJob job = jobs.get(i);
            Connection connection = job.connection();
            String comment = job.comment();
            if (connection.connector.inaccessible) {
                // The system sits where internal workers cannot reach it: the job waits for a remote agent.
                comment += "; waiting for a remote agent (the connector is inaccessible)";
            } else {
                requests.add(new Message(Topics.JOB_REQUESTS, String.valueOf(connection.id), new JobRequest(ids[i], connection.id,
                        connection.projectId, connection.teamId, connection.kind.wire(), now)));
            }
            transitions.add(new Transition(ids[i], connection.id, connection.projectId, connection.teamId,
                    connection.kind, JobStatus.SCHEDULED, resultMessages[i], comment));
        }
        // The states' events and the requests go out in one outbox statement.
        List<Message> messages = new ArrayList<>(insertStates(transitions));
        messages.addAll(requests);
        outbox.appendAll(messages);
        return List.of(ids);
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
        Optional<Transition> ended = end(job, terminal, resultMessage);
        ended.ifPresent(transition -> recordTransitions(List.of(transition)));
        return ended.isPresent();
    }

    /**
     * {@link #finish} without the writing: moves the job and returns the transition for the caller to record
     * together with others ({@link #recordTransitions}); empty when the job had already ended.
     */
    public Optional<Transition> end(Job job, JobStatus terminal, String resultMessage) {
        if (!terminal.isTerminal()) {
            throw new IllegalArgumentException(terminal + " is not a terminal status");
        }
        if (job.status.isTerminal()) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        job.status = terminal;
        job.resultMessage = resultMessage;
        job.finishedAt = now;
        job.updatedAt = now;
        job.leaseUntil = null;
        return Optional.of(Transition.of(job, resultMessage));
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
        outbox.appendAll(insertStates(transitions));
    }

    /** Writes the transitions' states; returns their {@code job-events} messages, for the caller to append. */
    private List<Message> insertStates(List<Transition> transitions) {
        if (transitions.isEmpty()) {
            return List.of();
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
            events.add(new Message(Topics.JOB_EVENTS, String.valueOf(t.connectionId()), new JobEvent(t.jobId(),
                    t.connectionId(), t.projectId(), t.teamId(), t.kind().wire(), t.status().wire(),
                    t.resultMessage(), now)));
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
        return events;
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
