package io.synclane.common.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.event.JobEvent;
import io.synclane.common.event.JobRequest;
import io.synclane.common.event.Topics;
import io.synclane.common.outbox.OutboxTransport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.hibernate.Session;

/**
 * Every SQL statement that writes {@code job}, {@code job_state}, {@code job_run}, {@code job_file} and
 * {@code outbox}, in the style of db-scheduler's task repository: plain JDBC on the caller's transaction,
 * set-based ({@code unnest}, {@code = ANY}) so a batch costs a fixed handful of statements, and every status
 * write guarded in SQL by {@link JobTransitions} ({@code WHERE status = ANY (<allowed from>)}, plus the attempt
 * where a run reports back). A guarded write returns the rows it moved; only those get a {@code job_state} and
 * a {@code job-events} message, so of a cancel and a completion racing for one job exactly one is recorded.
 *
 * <p>Time comes from the database ({@code now()}, the transaction's start) for every timestamp it writes and
 * judges: leases, retries and agent waits are written and compared on one clock.
 *
 * <p>A job's runs are its own attempts ({@code job_type = 'automation'}), which everything here that closes "the
 * job's open run" is limited to, and the notifications sent about it ({@code 'notification'}), which only their
 * own methods start and end and which never move a job.
 */
@ApplicationScoped
public class JobStore {
    /** What a moved job's row says, as {@code RETURNING} gives it back. */
    private static final String MOVED =
            "id, connection_id, project_id, team_id, kind, status, result_message, attempt, remote_agent, created_at, started_at,"
            + " request_id";
    /** {@link #MOVED} for an {@code UPDATE job ... FROM} whose other tables have columns of the same names. */
    private static final String MOVED_FROM_JOB = String.join(", ",
            java.util.Arrays.stream(MOVED.split(",\\s*")).map(column -> "job." + column).toList());
    /** The state machine's sets as SQL array literals, for statements that need no other binding of them. */
    private static final String TERMINAL_SQL = arrayLiteral(JobTransitions.TERMINAL);
    private static final String UNFINISHED_SQL = arrayLiteral(JobTransitions.UNFINISHED);
    /** A literal, not a parameter: the planner then knows the job_connection_active index (V13) covers it. */
    private static final String RUN_ACTIVE_SQL = arrayLiteral(JobTransitions.RUN_ACTIVE);
    /** A run's close: the reported status if its end moved the job, else the job's end if another write ended it. */
    private static final String CLOSE_RUNS = """
            UPDATE job_run r SET status = CASE WHEN i.moved THEN i.status
                                               WHEN j.attempt = r.attempt AND j.status = ANY ('%s')
                                                   THEN j.status
                                               ELSE r.status END,
                                 finished_at = coalesce(r.finished_at, now()),
                                 stdout = i.stdout, stderr = r.stderr || i.stderr
            FROM unnest(?::bigint[], ?::text[], ?::boolean[], ?::text[], ?::text[])
                     AS i (run_id, status, moved, stdout, stderr), job j
            WHERE r.id = i.run_id AND j.id = r.job_id AND r.job_type = 'automation'
            RETURNING r.id, r.status""".formatted(TERMINAL_SQL);
    /** Connections with a job under way or queued for internal workers (an agent's job still waiting does not count). */
    private static final String BUSY_CONNECTIONS = """
            SELECT DISTINCT connection_id FROM job
            WHERE connection_id = ANY (?) AND status = ANY ('%s')
              AND NOT (remote_agent AND status = 'scheduled')""".formatted(UNFINISHED_SQL);

    private final EntityManager entityManager;
    private final ObjectMapper objectMapper;
    private final Event<OutboxAppended> appended;
    private final Event<JobsMoved> movedJobs;

    public JobStore(EntityManager entityManager, ObjectMapper objectMapper, Event<OutboxAppended> appended,
            Event<JobsMoved> movedJobs) {
        this.entityManager = entityManager;
        this.objectMapper = objectMapper;
        this.appended = appended;
        this.movedJobs = movedJobs;
    }

    /** A job to create: for a connection, by a user or the scheduler (then for a slot). */
    public record NewJob(long teamId, long projectId, long connectionId, ConnectionKind kind, boolean remoteAgent,
            boolean manual, Long userId, Instant slot, String resultMessage, String comment, JobNotes notes,
            String requestId) {
    }

    /** What a client may note on a job it creates (the DCI face's fields): none for the scheduler's jobs. */
    public record JobNotes(String comment, boolean recheck, Long remoteciId) {
        public static final JobNotes NONE = new JobNotes("", false, null);
    }

    /** A job as a guarded write left it. */
    public record MovedJob(long id, long connectionId, long projectId, long teamId, ConnectionKind kind,
            JobStatus status, String resultMessage, int attempt, boolean remoteAgent, Instant createdAt,
            Instant startedAt, String requestId) {
    }

    /** Jobs that moved, as a committed transaction recorded them: what the job metrics count. */
    public record JobsMoved(List<MovedJob> jobs) {
    }

    /** A job an internal worker claimed, with the run that attempt is. */
    public record Claim(long jobId, long connectionId, long projectId, ConnectionKind kind, int attempt,
            long runId, long runKey, String requestId) {
    }

    /**
     * How a run ended, as its runner reports it: a terminal status, or {@code scheduled} with the delay before the
     * retry. The run's own status is {@code runStatus}; its output and log file come with it.
     */
    public record RunEnd(long jobId, int attempt, long runId, JobStatus status, String message, Duration retryAfter,
            JobStatus runStatus, String stdout, String stderr, String logName, byte[] log) {
    }

    /** A running job whose lease has lapsed, locked for this transaction. */
    public record ExpiredLease(long jobId, int attempt, String claimedBy, Instant leaseUntil,
            boolean remoteAgent, String maxAttemptsParam) {
    }

    // ---- creation ----------------------------------------------------------------------------------------------

    /**
     * Creates the jobs {@code scheduled}, each with its first state and event, and a {@code job-requests} message
     * for each job internal workers run (a remote agent's job is fetched by the agent instead). Set-based: four
     * statements for any number of jobs. Returns the new ids in the order given.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Long> create(List<NewJob> jobs) {
        if (jobs.isEmpty()) {
            return List.of();
        }
        int n = jobs.size();
        Long[] ids = new Long[n];
        Long[] teams = new Long[n];
        Long[] projects = new Long[n];
        Long[] connections = new Long[n];
        String[] kinds = new String[n];
        Boolean[] remote = new Boolean[n];
        Boolean[] manual = new Boolean[n];
        Long[] users = new Long[n];
        String[] slots = new String[n];
        String[] messages = new String[n];
        String[] notes = new String[n];
        Boolean[] rechecks = new Boolean[n];
        Long[] remotecis = new Long[n];
        String[] requestIds = new String[n];
        for (int i = 0; i < n; i++) {
            NewJob job = jobs.get(i);
            JobNotes note = job.notes() == null ? JobNotes.NONE : job.notes();
            notes[i] = note.comment();
            rechecks[i] = note.recheck();
            remotecis[i] = note.remoteciId();
            teams[i] = job.teamId();
            projects[i] = job.projectId();
            connections[i] = job.connectionId();
            kinds[i] = job.kind().wire();
            remote[i] = job.remoteAgent();
            manual[i] = job.manual();
            users[i] = job.userId();
            slots[i] = job.slot() == null ? null : job.slot().toString();
            messages[i] = job.resultMessage() == null ? "" : job.resultMessage();
            requestIds[i] = job.requestId();
        }
        List<MovedJob> created = work(c -> {
            nextIds(c, "job", ids); // first, so each new row is known by its place in the list
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO job (id, team_id, project_id, connection_id, kind, status, remote_agent, manual, user_id,
                                     slot, result_message, comment, recheck, remoteci_id, request_id, created_at, updated_at)
                    SELECT id, team_id, project_id, connection_id, kind, ?, remote_agent, manual, user_id, slot,
                           result_message, comment, recheck, remoteci_id, request_id, now(), now()
                    FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::boolean[], ?::boolean[],
                                ?::bigint[], ?::timestamptz[], ?::text[], ?::text[], ?::boolean[], ?::bigint[], ?::text[])
                        WITH ORDINALITY
                        AS j (id, team_id, project_id, connection_id, kind, remote_agent, manual, user_id, slot,
                              result_message, comment, recheck, remoteci_id, request_id, position)
                    ORDER BY position
                    RETURNING\s""" + MOVED)) {
                insert.setString(1, JobStatus.SCHEDULED.wire());
                insert.setArray(2, c.createArrayOf("bigint", ids));
                insert.setArray(3, c.createArrayOf("bigint", teams));
                insert.setArray(4, c.createArrayOf("bigint", projects));
                insert.setArray(5, c.createArrayOf("bigint", connections));
                insert.setArray(6, c.createArrayOf("text", kinds));
                insert.setArray(7, c.createArrayOf("boolean", remote));
                insert.setArray(8, c.createArrayOf("boolean", manual));
                insert.setArray(9, c.createArrayOf("bigint", users));
                insert.setArray(10, c.createArrayOf("text", slots));
                insert.setArray(11, c.createArrayOf("text", messages));
                insert.setArray(12, c.createArrayOf("text", notes));
                insert.setArray(13, c.createArrayOf("boolean", rechecks));
                insert.setArray(14, c.createArrayOf("bigint", remotecis));
                insert.setArray(15, c.createArrayOf("text", requestIds));
                return movedRows(insert);
            }
        });
        Map<Long, String> comments = new HashMap<>();
        for (int i = 0; i < n; i++) {
            comments.put(ids[i], jobs.get(i).comment());
        }
        record(created, job -> comments.get(job.id()), true);
        return List.of(ids);
    }

    /** A client's request to sync a connection of its team now; {@code requestId} is the HTTP request's. */
    public record SyncRequest(long teamId, ConnectionKind kind, long connectionId, long userId, String requestId) {
    }

    /**
     * Creates a {@code scheduled} job for each request whose connection exists in the request's team and kind
     * (the lookup is the insert's own join, so an unknown or another team's connection simply gets no row), with
     * its first state and events as {@link #create} writes them. Four statements for the whole batch: what lets
     * the API group-commit its triggers. Answers each request's job, in order, or empty for an unknown connection.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Optional<MovedJob>> createRequested(List<SyncRequest> requests,
            java.util.function.BiFunction<SyncRequest, MovedJob, String> why) {
        int n = requests.size();
        Long[] ids = new Long[n];
        Long[] connections = new Long[n];
        Long[] teams = new Long[n];
        String[] kinds = new String[n];
        Long[] users = new Long[n];
        String[] requestIds = new String[n];
        for (int i = 0; i < n; i++) {
            SyncRequest request = requests.get(i);
            connections[i] = request.connectionId();
            teams[i] = request.teamId();
            kinds[i] = request.kind().wire();
            users[i] = request.userId();
            requestIds[i] = request.requestId();
        }
        List<MovedJob> created = work(c -> {
            nextIds(c, "job", ids);
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO job (id, team_id, project_id, connection_id, kind, status, remote_agent, manual, user_id,
                                     result_message, comment, request_id, created_at, updated_at)
                    SELECT r.id, cn.team_id, cn.project_id, cn.id, cn.kind, 'scheduled', ct.inaccessible, true, r.user_id,
                           '', '', r.request_id, now(), now()
                    FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::bigint[], ?::text[]) WITH ORDINALITY
                             AS r (id, connection_id, team_id, kind, user_id, request_id, position)
                    JOIN connection cn ON cn.id = r.connection_id AND cn.team_id = r.team_id AND cn.kind = r.kind
                    JOIN connector ct ON ct.id = cn.connector_id
                    ORDER BY r.position
                    RETURNING\s""" + MOVED)) {
                insert.setArray(1, c.createArrayOf("bigint", ids));
                insert.setArray(2, c.createArrayOf("bigint", connections));
                insert.setArray(3, c.createArrayOf("bigint", teams));
                insert.setArray(4, c.createArrayOf("text", kinds));
                insert.setArray(5, c.createArrayOf("bigint", users));
                insert.setArray(6, c.createArrayOf("text", requestIds));
                return movedRows(insert);
            }
        });
        Map<Long, MovedJob> byId = new HashMap<>();
        created.forEach(job -> byId.put(job.id(), job));
        Map<Long, SyncRequest> requestOf = new HashMap<>();
        for (int i = 0; i < n; i++) {
            requestOf.put(ids[i], requests.get(i));
        }
        record(created, job -> why.apply(requestOf.get(job.id()), job), true);
        List<Optional<MovedJob>> answers = new ArrayList<>(n);
        for (Long id : ids) {
            answers.add(Optional.ofNullable(byId.get(id)));
        }
        return answers;
    }

    /**
     * A job that ran elsewhere and reported only how it ended: written already ended, with one state and its
     * event; nothing is requested from the workers.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long createEnded(NewJob job, JobStatus terminal, String comment) {
        if (!JobTransitions.TERMINAL.contains(terminal)) {
            throw new IllegalArgumentException(terminal + " is not a terminal status");
        }
        List<MovedJob> created = work(c -> {
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO job (team_id, project_id, connection_id, kind, status, remote_agent, manual, user_id,
                                     result_message, request_id, created_at, updated_at, started_at, finished_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(), now(), now(), now())
                    RETURNING\s""" + MOVED)) {
                insert.setLong(1, job.teamId());
                insert.setLong(2, job.projectId());
                insert.setLong(3, job.connectionId());
                insert.setString(4, job.kind().wire());
                insert.setString(5, terminal.wire());
                insert.setBoolean(6, job.remoteAgent());
                insert.setBoolean(7, job.manual());
                insert.setObject(8, job.userId());
                insert.setString(9, job.resultMessage());
                insert.setString(10, job.requestId());
                return movedRows(insert);
            }
        });
        record(created, moved -> comment, false);
        return created.get(0).id();
    }

    // ---- internal workers: claim, renew, end ------------------------------------------------------------------

    /**
     * Claims what it can of the jobs for an internal worker: only a {@code scheduled} job that is not waiting out
     * a backoff and not a remote agent's moves to {@code running}, at most one per connection and none of a
     * connection that already runs one. Jobs of a busy connection are deferred by {@code busyDelay} (the retry
     * sweep requests them again). Each claim is a {@code running} run, a state and an event. Keyed by job id.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<Long, Claim> claimForWorker(Collection<Long> jobIds, RunnerProcess runner, Duration lease,
            Duration busyDelay) {
        Long[] ids = jobIds.stream().distinct().toArray(Long[]::new);
        Set<JobStatus> from = JobTransitions.guard(Set.of(JobStatus.SCHEDULED), JobStatus.RUNNING);
        Map<Long, MovedJob> claimed = work(c -> {
            Array idArray = c.createArrayOf("bigint", ids);
            if (!lockConnections(c, idArray)) {
                return Map.of();
            }
            Map<Long, MovedJob> rows = new LinkedHashMap<>();
            try (PreparedStatement update = c.prepareStatement("""
                    UPDATE job SET status = 'running', attempt = attempt + 1, claimed_by = ?,
                                   lease_until = now() + make_interval(secs => ?), started_at = coalesce(started_at, now()),
                                   updated_at = now()
                    WHERE id IN (SELECT DISTINCT ON (connection_id) id FROM job
                                 WHERE id = ANY (?) AND status = ANY (?) AND retry_at IS NULL AND NOT remote_agent
                                 ORDER BY connection_id, id)
                      AND status = ANY (?) AND retry_at IS NULL AND NOT remote_agent
                      AND NOT EXISTS (SELECT 1 FROM job other WHERE other.connection_id = job.connection_id
                                      AND other.status = ANY ('%s'))
                    RETURNING\s""".formatted(RUN_ACTIVE_SQL) + MOVED)) {
                Array fromArray = statuses(c, from);
                update.setString(1, runner.claimant());
                update.setDouble(2, seconds(lease));
                update.setArray(3, idArray);
                update.setArray(4, fromArray);
                update.setArray(5, fromArray);
                for (MovedJob row : movedRows(update)) {
                    rows.put(row.id(), row);
                }
            }
            Long[] unclaimed = java.util.Arrays.stream(ids).filter(id -> !rows.containsKey(id)).toArray(Long[]::new);
            if (unclaimed.length > 0) {
                deferWhileConnectionBusy(c, c.createArrayOf("bigint", unclaimed), busyDelay);
            }
            return rows;
        });
        if (claimed.isEmpty()) {
            return Map.of();
        }
        Map<Long, Claim> claims = insertRuns(claimed.values(), runner);
        record(List.copyOf(claimed.values()),
                job -> "claimed by " + runner.claimant() + " (attempt " + job.attempt() + ")", false);
        return claims;
    }

    /**
     * Takes the claim lock of each connection that has one of the jobs still scheduled, in connection order so
     * that two workers claiming overlapping batches cannot deadlock. These locks use PostgreSQL's one-key
     * (bigint) advisory space, keyed by connection id; the outbox relay's lock is in the two-key space, which
     * never overlaps it. False when none of the jobs is scheduled.
     */
    private static boolean lockConnections(Connection c, Array ids) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("""
                SELECT pg_advisory_xact_lock(connection_id)
                FROM (SELECT DISTINCT connection_id FROM job WHERE id = ANY (?) AND status = 'scheduled'
                      ORDER BY connection_id) AS scheduled""")) {
            lock.setArray(1, ids);
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Deferred, not dropped; a job already waiting out a retry backoff keeps its time. */
    private static void deferWhileConnectionBusy(Connection c, Array ids, Duration delay) throws SQLException {
        try (PreparedStatement defer = c.prepareStatement("""
                UPDATE job SET retry_at = now() + make_interval(secs => ?)
                WHERE id = ANY (?) AND status = 'scheduled' AND retry_at IS NULL AND NOT remote_agent
                  AND EXISTS (SELECT 1 FROM job other WHERE other.connection_id = job.connection_id
                              AND other.status = ANY ('%s'))""".formatted(RUN_ACTIVE_SQL))) {
            defer.setDouble(1, seconds(delay));
            defer.setArray(2, ids);
            defer.executeUpdate();
        }
    }

    /** One {@code running} run per claimed job, in one statement; the table draws each run key. */
    private Map<Long, Claim> insertRuns(Collection<MovedJob> jobs, RunnerProcess runner) {
        Long[] jobIds = new Long[jobs.size()];
        Integer[] attempts = new Integer[jobs.size()];
        Map<Long, MovedJob> byId = new HashMap<>();
        int i = 0;
        for (MovedJob job : jobs) {
            jobIds[i] = job.id();
            attempts[i] = job.attempt();
            byId.put(job.id(), job);
            i++;
        }
        return work(c -> {
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO job_run (job_id, attempt, host, process_id, status, started_at, job_type)
                    SELECT job_id, attempt, ?, ?, 'running', now(), 'automation'
                    FROM unnest(?::bigint[], ?::integer[]) AS r (job_id, attempt)
                    RETURNING job_id, id, run_key""")) {
                insert.setString(1, runner.host());
                insert.setObject(2, runner.pid(), java.sql.Types.BIGINT);
                insert.setArray(3, c.createArrayOf("bigint", jobIds));
                insert.setArray(4, c.createArrayOf("integer", attempts));
                Map<Long, Claim> claims = new HashMap<>();
                try (ResultSet rs = insert.executeQuery()) {
                    while (rs.next()) {
                        MovedJob job = byId.get(rs.getLong(1));
                        claims.put(job.id(), new Claim(job.id(), job.connectionId(), job.projectId(),
                                job.kind(), job.attempt(), rs.getLong(2), rs.getLong(3), job.requestId()));
                    }
                }
                return claims;
            }
        });
    }

    /** Extends a worker's lease on its attempt; false when the job is no longer that attempt's to run. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean renew(long jobId, int attempt, String processId, Duration lease) {
        return work(c -> {
            try (PreparedStatement update = c.prepareStatement("""
                    UPDATE job SET lease_until = now() + make_interval(secs => ?)
                    WHERE id = ? AND attempt = ? AND claimed_by = ? AND status = ANY (?)""")) {
                update.setDouble(1, seconds(lease));
                update.setLong(2, jobId);
                update.setInt(3, attempt);
                update.setString(4, processId);
                update.setArray(5, statuses(c, JobTransitions.RUN_ACTIVE));
                return update.executeUpdate() == 1;
            }
        });
    }

    /**
     * Records many runs' ends in one go. A job moves only while the attempt that reports still holds it (a
     * cancel or a takeover that came first wins, and this end records no state); the run is closed either way,
     * {@code killed} when its job was cancelled. Answers each run's recorded status, in order ({@code null} when
     * the job was deleted while it ran).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<JobStatus> endRuns(List<RunEnd> ends) {
        if (ends.isEmpty()) {
            return List.of();
        }
        int n = ends.size();
        Long[] jobIds = new Long[n];
        Integer[] attempts = new Integer[n];
        Long[] runIds = new Long[n];
        String[] statuses = new String[n];
        String[] messages = new String[n];
        Double[] retrySeconds = new Double[n];
        for (int i = 0; i < n; i++) {
            RunEnd end = ends.get(i);
            if (end.status() != JobStatus.SCHEDULED && !JobTransitions.TERMINAL.contains(end.status())) {
                throw new IllegalArgumentException("a run ends its job terminal or scheduled again, not " + end.status());
            }
            JobTransitions.guard(JobTransitions.RUN_CAN_END, end.status());
            jobIds[i] = end.jobId();
            attempts[i] = end.attempt();
            runIds[i] = end.runId();
            statuses[i] = end.status().wire();
            messages[i] = end.message();
            retrySeconds[i] = end.retryAfter() == null ? null : seconds(end.retryAfter());
        }
        List<MovedJob> moved = work(c -> {
            try (PreparedStatement update = c.prepareStatement("""
                    UPDATE job SET status = i.status,
                                   result_message = CASE WHEN i.retry_secs IS NULL THEN i.message
                                       ELSE i.message || ' Retrying at ' || to_char((now() + make_interval(secs => i.retry_secs))
                                           AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '.' END,
                                   retry_at = now() + make_interval(secs => i.retry_secs),
                                   finished_at = CASE WHEN i.retry_secs IS NULL THEN now() END,
                                   claimed_by = NULL, lease_until = NULL, updated_at = now()
                    FROM unnest(?::bigint[], ?::integer[], ?::text[], ?::text[], ?::float8[])
                        AS i (job_id, attempt, status, message, retry_secs)
                    WHERE job.id = i.job_id AND job.attempt = i.attempt AND job.status = ANY (?)
                    RETURNING\s""" + MOVED_FROM_JOB)) {
                update.setArray(1, c.createArrayOf("bigint", jobIds));
                update.setArray(2, c.createArrayOf("integer", attempts));
                update.setArray(3, c.createArrayOf("text", statuses));
                update.setArray(4, c.createArrayOf("text", messages));
                update.setArray(5, c.createArrayOf("float8", retrySeconds));
                update.setArray(6, statuses(c, JobTransitions.RUN_CAN_END));
                return movedRows(update);
            }
        });
        // A retry is requested by the retry sweep once its backoff has passed, not now.
        record(moved, MovedJob::resultMessage, false);
        Set<Long> movedIds = new HashSet<>();
        moved.forEach(job -> movedIds.add(job.id()));
        Map<Long, JobStatus> runStatus = closeRuns(ends, movedIds);
        attachLogs(ends, runStatus);
        List<JobStatus> answers = new ArrayList<>(n);
        for (RunEnd end : ends) {
            answers.add(runStatus.get(end.runId()));
        }
        return answers;
    }

    /**
     * Closes the runs: the reported status when the run's end moved its job, the job's end when another write
     * ended it during this attempt ({@code killed} by a cancel), else the status it has (a takeover already
     * closed it as an error).
     */
    private Map<Long, JobStatus> closeRuns(List<RunEnd> ends, Set<Long> movedJobs) {
        int n = ends.size();
        Long[] runIds = new Long[n];
        String[] statuses = new String[n];
        Boolean[] moved = new Boolean[n];
        String[] stdout = new String[n];
        String[] stderr = new String[n];
        for (int i = 0; i < n; i++) {
            RunEnd end = ends.get(i);
            runIds[i] = end.runId();
            statuses[i] = end.runStatus().wire();
            moved[i] = movedJobs.contains(end.jobId());
            stdout[i] = end.stdout();
            stderr[i] = end.stderr();
        }
        return work(c -> {
            try (PreparedStatement update = c.prepareStatement(CLOSE_RUNS)) {
                update.setArray(1, c.createArrayOf("bigint", runIds));
                update.setArray(2, c.createArrayOf("text", statuses));
                update.setArray(3, c.createArrayOf("boolean", moved));
                update.setArray(4, c.createArrayOf("text", stdout));
                update.setArray(5, c.createArrayOf("text", stderr));
                Map<Long, JobStatus> closed = new HashMap<>();
                try (ResultSet rs = update.executeQuery()) {
                    while (rs.next()) {
                        closed.put(rs.getLong(1), JobStatus.fromWire(rs.getString(2)));
                    }
                }
                return closed;
            }
        });
    }

    /** Each closed run's log as a job file, one statement for all of them. */
    private void attachLogs(List<RunEnd> ends, Map<Long, JobStatus> closedRuns) {
        List<RunEnd> logged = ends.stream().filter(end -> closedRuns.containsKey(end.runId())).toList(); // not deleted
        if (logged.isEmpty()) {
            return;
        }
        int n = logged.size();
        Long[] jobIds = new Long[n];
        String[] names = new String[n];
        Long[] sizes = new Long[n];
        String[] md5s = new String[n];
        byte[][] contents = new byte[n][];
        for (int i = 0; i < n; i++) {
            RunEnd end = logged.get(i);
            jobIds[i] = end.jobId();
            names[i] = end.logName();
            sizes[i] = (long) end.log().length;
            md5s[i] = md5(end.log());
            contents[i] = end.log();
        }
        work(c -> {
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO job_file (job_id, name, mime, size, md5, content)
                    SELECT job_id, name, 'text/plain', size, md5, content
                    FROM unnest(?::bigint[], ?::text[], ?::bigint[], ?::text[], ?::bytea[])
                        AS f (job_id, name, size, md5, content)""")) {
                insert.setArray(1, c.createArrayOf("bigint", jobIds));
                insert.setArray(2, c.createArrayOf("text", names));
                insert.setArray(3, c.createArrayOf("bigint", sizes));
                insert.setArray(4, c.createArrayOf("text", md5s));
                insert.setArray(5, c.createArrayOf("bytea", contents));
                insert.executeUpdate();
            }
            return null;
        });
    }

    // ---- remote agents and the DCI face: claim, report, notes, files, deletion -----------------------------------

    /**
     * A job's ETag, computed in SQL from its id and {@code updated_at} (to the microsecond): every change of a job
     * moves {@code updated_at} forward ({@link #TOUCHED}), so every change gives a new ETag, and a write guarded by
     * it ({@code AND <etag> = ?}) applies only to the version its client read.
     */
    public static final String ETAG_SQL = "md5(job.id || ':' || (extract(epoch FROM job.updated_at) * 1000000)::bigint)";
    /** {@code updated_at} of a changed job: strictly later than before, even within one transaction's {@code now()}. */
    private static final String TOUCHED = "greatest(now(), job.updated_at + interval '1 microsecond')";

    /**
     * Hands the agent the next job of its team that waits for an agent: a recheck first, then the oldest; one it
     * was named for or one that names no agent; never one of a connection that already runs a job. The job moves
     * to {@code pre-run} under the agent's lease, with a {@code running} run for this attempt. Empty when none waits.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Claim> claimForAgent(long teamId, long remoteciId, Duration lease) {
        Set<JobStatus> from = JobTransitions.guard(Set.of(JobStatus.SCHEDULED), JobStatus.PRE_RUN);
        RunnerProcess agent = RunnerProcess.agent(remoteciId);
        List<MovedJob> claimed = work(c -> {
            try (PreparedStatement update = c.prepareStatement("""
                    UPDATE job SET status = 'pre-run', attempt = attempt + 1, claimed_by = ?, remoteci_id = ?,
                                   lease_until = now() + make_interval(secs => ?), started_at = coalesce(started_at, now()),
                                   retry_at = NULL, updated_at = %s
                    WHERE id = (SELECT id FROM job waiting
                                WHERE team_id = ? AND remote_agent AND status = ANY (?)
                                  AND (remoteci_id IS NULL OR remoteci_id = ?)
                                  AND NOT EXISTS (SELECT 1 FROM job other WHERE other.connection_id = waiting.connection_id
                                                  AND other.status = ANY ('%s'))
                                ORDER BY recheck DESC, id LIMIT 1 FOR UPDATE SKIP LOCKED)
                      AND status = ANY (?)
                    RETURNING\s""".formatted(TOUCHED, RUN_ACTIVE_SQL) + MOVED)) {
                Array fromArray = statuses(c, from);
                update.setString(1, agent.claimant());
                update.setLong(2, remoteciId);
                update.setDouble(3, seconds(lease));
                update.setLong(4, teamId);
                update.setArray(5, fromArray);
                update.setLong(6, remoteciId);
                update.setArray(7, fromArray);
                return movedRows(update);
            }
        });
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        Map<Long, Claim> claims = insertRuns(claimed, agent);
        record(claimed, job -> "taken by remote agent " + agent.claimant() + " (attempt " + job.attempt() + ")", false);
        return Optional.of(claims.get(claimed.get(0).id()));
    }

    /** A job state as recorded: its row id and when. */
    public record RecordedState(long id, long jobId, JobStatus status, String comment, Instant createdAt) {
    }

    /**
     * What the agent holding a job reports ({@code claimant}, e.g. {@code remoteci/7}): a move the state machine
     * allows from the job's status, or its status again (a progress note). Either renews the lease and records a
     * state; a terminal status ends the job with {@code comment} as its result and closes the attempt's run. Empty
     * when the job is not in a status the move may start from, or no longer this agent's (taken over, cancelled).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<RecordedState> reportFromAgent(long jobId, String claimant, JobStatus to, String comment,
            Duration lease) {
        boolean terminal = to.isTerminal();
        Set<JobStatus> from = new HashSet<>(JobTransitions.from(to));
        if (JobTransitions.RUN_ACTIVE.contains(to)) {
            from.add(to); // the status again: a progress note, not a move
        }
        from.retainAll(JobTransitions.RUN_ACTIVE); // an agent reports only on a run it holds
        if (from.isEmpty()) {
            return Optional.empty();
        }
        List<MovedJob> moved = work(c -> {
            try (PreparedStatement update = c.prepareStatement("""
                    UPDATE job SET status = ?, updated_at = %s,
                                   lease_until = CASE WHEN ? THEN NULL ELSE now() + make_interval(secs => ?) END,
                                   claimed_by = CASE WHEN ? THEN NULL ELSE claimed_by END,
                                   finished_at = CASE WHEN ? THEN now() END,
                                   result_message = CASE WHEN ? THEN ? ELSE result_message END
                    WHERE id = ? AND claimed_by = ? AND status = ANY (?)
                    RETURNING\s""".formatted(TOUCHED) + MOVED)) {
                update.setString(1, to.wire());
                update.setBoolean(2, terminal);
                update.setDouble(3, seconds(lease));
                update.setBoolean(4, terminal);
                update.setBoolean(5, terminal);
                update.setBoolean(6, terminal);
                update.setString(7, comment);
                update.setLong(8, jobId);
                update.setString(9, claimant);
                update.setArray(10, statuses(c, from));
                List<MovedJob> rows = movedRows(update);
                if (terminal && !rows.isEmpty()) {
                    closeOpenRuns(c, jobId, to, comment);
                }
                return rows;
            }
        });
        if (moved.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(recordOne(moved.get(0), comment));
    }

    /**
     * Ends a job from outside its run like {@link #end}, and answers the state it recorded (a DCI client posting
     * {@code killed} gets its job state back). Empty when the job was not in {@code from}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<RecordedState> endWithState(long jobId, Set<JobStatus> from, JobStatus terminal,
            String comment) {
        Set<JobStatus> guard = JobTransitions.guard(from, terminal);
        List<MovedJob> ended = work(c -> {
            try (PreparedStatement update = c.prepareStatement("""
                    UPDATE job SET status = ?, result_message = ?, finished_at = now(), updated_at = %s,
                                   claimed_by = NULL, lease_until = NULL, retry_at = NULL
                    WHERE id = ? AND status = ANY (?)
                    RETURNING\s""".formatted(TOUCHED) + MOVED)) {
                update.setString(1, terminal.wire());
                update.setString(2, comment);
                update.setLong(3, jobId);
                update.setArray(4, statuses(c, guard));
                List<MovedJob> rows = movedRows(update);
                if (!rows.isEmpty()) {
                    closeOpenRuns(c, jobId, terminal, comment);
                }
                return rows;
            }
        });
        return ended.isEmpty() ? Optional.empty() : Optional.of(recordOne(ended.get(0), comment));
    }

    /**
     * Closes the job's open run as {@code status}, its output ending with {@code note} (the why of its end). Its own
     * attempt only: a notification being sent about the job is not the job's to close.
     */
    private static void closeOpenRuns(Connection c, long jobId, JobStatus status, String note) throws SQLException {
        try (PreparedStatement close = c.prepareStatement("""
                UPDATE job_run SET status = ?, finished_at = now(), stdout = stdout || ?
                WHERE job_id = ? AND finished_at IS NULL AND job_type = 'automation'""")) {
            close.setString(1, status.wire());
            close.setString(2, note.isEmpty() ? "" : note + "\n");
            close.setLong(3, jobId);
            close.executeUpdate();
        }
    }

    /** Outcome of a write guarded by an ETag. */
    public enum Guarded { APPLIED, STALE, ABSENT }

    /**
     * Sets the comment a client notes on a job, if the job is still the version {@code etag} names; a new ETag
     * follows. {@link Guarded#ABSENT} when the team has no such job.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Guarded noteComment(long jobId, long teamId, String etag, String comment) {
        return work(c -> {
            try (PreparedStatement update = c.prepareStatement("""
                    UPDATE job SET comment = coalesce(?, comment), updated_at = %s
                    WHERE id = ? AND team_id = ? AND %s = ?""".formatted(TOUCHED, ETAG_SQL))) {
                update.setString(1, comment);
                update.setLong(2, jobId);
                update.setLong(3, teamId);
                update.setString(4, etag);
                return update.executeUpdate() == 1 ? Guarded.APPLIED : absentOrStale(c, jobId, teamId);
            }
        });
    }

    /**
     * Deletes a job with its states, runs and files, if it is the version {@code etag} names and no run holds it
     * (a job under way is cancelled first). {@link Guarded#STALE} too when it is under way.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Guarded delete(long jobId, long teamId, String etag) {
        return work(c -> {
            try (PreparedStatement delete = c.prepareStatement("""
                    DELETE FROM job WHERE id = ? AND team_id = ? AND %s = ? AND NOT (status = ANY (?))"""
                    .formatted(ETAG_SQL))) {
                delete.setLong(1, jobId);
                delete.setLong(2, teamId);
                delete.setString(3, etag);
                delete.setArray(4, statuses(c, JobTransitions.RUN_ACTIVE));
                return delete.executeUpdate() == 1 ? Guarded.APPLIED : absentOrStale(c, jobId, teamId);
            }
        });
    }

    private static Guarded absentOrStale(Connection c, long jobId, long teamId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT 1 FROM job WHERE id = ? AND team_id = ?")) {
            select.setLong(1, jobId);
            select.setLong(2, teamId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Guarded.STALE : Guarded.ABSENT;
            }
        }
    }

    /** A file to attach to a job; its size and MD5 are computed here, from the content. */
    public record NewFile(long jobId, Long jobStateId, String name, String mime, byte[] content) {
    }

    /** A file as stored. */
    public record StoredFile(long id, long jobId, Long jobStateId, String name, String mime, long size, String md5,
            Instant createdAt) {
    }

    /**
     * Attaches a file to a job and touches the job (a new ETag). A job state named must be the job's own, else
     * nothing is written and empty is answered.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<StoredFile> attachFile(NewFile file) {
        String md5 = md5(file.content());
        return work(c -> {
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO job_file (job_id, job_state_id, name, mime, size, md5, content)
                    SELECT ?, ?, ?, ?, ?, ?, ?
                    WHERE ?::bigint IS NULL OR EXISTS (SELECT 1 FROM job_state WHERE id = ? AND job_id = ?)
                    RETURNING id, created_at""")) {
                insert.setLong(1, file.jobId());
                insert.setObject(2, file.jobStateId(), java.sql.Types.BIGINT);
                insert.setString(3, file.name());
                insert.setString(4, file.mime());
                insert.setLong(5, file.content().length);
                insert.setString(6, md5);
                insert.setBytes(7, file.content());
                insert.setObject(8, file.jobStateId(), java.sql.Types.BIGINT);
                insert.setObject(9, file.jobStateId(), java.sql.Types.BIGINT);
                insert.setLong(10, file.jobId());
                try (ResultSet rs = insert.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<StoredFile>empty();
                    }
                    StoredFile stored = new StoredFile(rs.getLong(1), file.jobId(), file.jobStateId(), file.name(),
                            file.mime(), file.content().length, md5, rs.getObject(2, OffsetDateTime.class).toInstant());
                    try (PreparedStatement touch = c.prepareStatement(
                            "UPDATE job SET updated_at = %s WHERE id = ?".formatted(TOUCHED))) {
                        touch.setLong(1, file.jobId());
                        touch.executeUpdate();
                    }
                    return Optional.of(stored);
                }
            }
        });
    }

    /** {@link #record} of one moved job, answering the state row it wrote. */
    private RecordedState recordOne(MovedJob job, String comment) {
        record(List.of(job), moved -> comment, false);
        return work(c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT id, created_at FROM job_state WHERE job_id = ? ORDER BY id DESC LIMIT 1")) {
                select.setLong(1, job.id());
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    return new RecordedState(rs.getLong(1), job.id(), job.status(), comment,
                            rs.getObject(2, OffsetDateTime.class).toInstant());
                }
            }
        });
    }

    // ---- leases, retries, remote agents' waits -----------------------------------------------------------------

    /** Running jobs whose lease has lapsed, oldest first, locked (another replica skips them). */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<ExpiredLease> lockExpiredLeases(int limit) {
        return work(c -> {
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT j.id, j.attempt, j.claimed_by, j.lease_until, j.remote_agent,
                           coalesce(cn.params ->> 'max_attempts', ct.params ->> 'max_attempts')
                    FROM job j JOIN connection cn ON cn.id = j.connection_id JOIN connector ct ON ct.id = cn.connector_id
                    WHERE j.status = ANY (?) AND j.lease_until < now()
                    ORDER BY j.lease_until LIMIT ?
                    FOR UPDATE OF j SKIP LOCKED""")) {
                select.setArray(1, statuses(c, JobTransitions.RUN_ACTIVE));
                select.setInt(2, limit);
                List<ExpiredLease> expired = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        expired.add(new ExpiredLease(rs.getLong(1), rs.getInt(2), rs.getString(3),
                                rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getBoolean(5), rs.getString(6)));
                    }
                }
                return expired;
            }
        });
    }

    /**
     * Takes over a job whose lease lapsed: its open runs close as {@code error} with the reason, and the job is
     * scheduled again ({@code giveUp} false; requested again unless a remote agent runs it, and then free for any
     * agent of its team, not only the one that died) or ends {@code error}
     * with {@code message} ({@code giveUp} true). Guarded by the attempt, so a late completion cannot be undone.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean takeOver(ExpiredLease lease, boolean giveUp, String reason, String message) {
        JobStatus to = giveUp ? JobStatus.ERROR : JobStatus.SCHEDULED;
        List<MovedJob> moved = work(c -> {
            try (PreparedStatement update = c.prepareStatement("""
                    UPDATE job SET status = ?, claimed_by = NULL, lease_until = NULL, updated_at = now(),
                                   remoteci_id = CASE WHEN remote_agent THEN NULL ELSE remoteci_id END,
                                   result_message = CASE WHEN ? THEN ? ELSE result_message END,
                                   finished_at = CASE WHEN ? THEN now() END
                    WHERE id = ? AND attempt = ? AND status = ANY (?)
                    RETURNING\s""" + MOVED)) {
                update.setString(1, to.wire());
                update.setBoolean(2, giveUp);
                update.setString(3, message);
                update.setBoolean(4, giveUp);
                update.setLong(5, lease.jobId());
                update.setInt(6, lease.attempt());
                update.setArray(7, statuses(c, JobTransitions.guard(JobTransitions.RUN_ACTIVE, to)));
                List<MovedJob> rows = movedRows(update);
                if (!rows.isEmpty()) {
                    try (PreparedStatement close = c.prepareStatement("""
                            UPDATE job_run SET status = 'error', finished_at = now(), stderr = stderr || ?
                            WHERE job_id = ? AND finished_at IS NULL AND job_type = 'automation'""")) {
                        close.setString(1, reason + "\n");
                        close.setLong(2, lease.jobId());
                        close.executeUpdate();
                    }
                }
                return rows;
            }
        });
        record(moved, job -> giveUp ? message : reason + "; scheduled again", true);
        return !moved.isEmpty();
    }

    /** Requests again the internal workers' jobs whose retry backoff has passed; returns how many. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int requestDueRetries(int limit) {
        List<MovedJob> due = work(c -> {
            try (PreparedStatement update = c.prepareStatement("""
                    UPDATE job SET retry_at = NULL
                    WHERE id IN (SELECT id FROM job WHERE status = 'scheduled' AND retry_at <= now() AND NOT remote_agent
                                 ORDER BY retry_at LIMIT ? FOR UPDATE SKIP LOCKED)
                      AND status = 'scheduled'
                    RETURNING\s""" + MOVED)) {
                update.setInt(1, limit);
                return movedRows(update);
            }
        });
        append(due.stream().map(JobStore::request).toList());
        return due.size();
    }

    /**
     * Ends {@code error} the remote agents' jobs that have waited {@code longest} or more for an agent to take
     * them (they stay {@code scheduled} until one does); returns how many.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int expireAgentWaits(Duration longest, int limit) {
        Set<JobStatus> from = JobTransitions.guard(Set.of(JobStatus.SCHEDULED), JobStatus.ERROR);
        String wait = longest.toMinutes() % 60 == 0 ? longest.toHours() + " h" : longest.toSeconds() + " s";
        String message = "No remote agent took this job within " + wait + "; the connector is inaccessible to "
                + "Synclane's own workers, so only an agent on its network can run it.";
        List<MovedJob> expired = work(c -> {
            try (PreparedStatement update = c.prepareStatement("""
                    UPDATE job SET status = 'error', result_message = ?, finished_at = now(), updated_at = now(),
                                   retry_at = NULL
                    WHERE id IN (SELECT id FROM job WHERE remote_agent AND status = ANY (?)
                                   AND updated_at < now() - make_interval(secs => ?)
                                 ORDER BY updated_at LIMIT ? FOR UPDATE SKIP LOCKED)
                      AND status = ANY (?)
                    RETURNING\s""" + MOVED)) {
                Array fromArray = statuses(c, from);
                update.setString(1, message);
                update.setArray(2, fromArray);
                update.setDouble(3, seconds(longest));
                update.setInt(4, limit);
                update.setArray(5, fromArray);
                return movedRows(update);
            }
        });
        record(expired, MovedJob::resultMessage, false);
        return expired.size();
    }

    // ---- ending a job from outside its run ----------------------------------------------------------------------

    /**
     * Ends the job {@code terminal} if it is still in one of {@code from}: a cancel, a dead-lettered request, a
     * job superseded before an agent took it. Empty when the job had already moved on (another write won).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<MovedJob> end(Collection<Long> jobIds, Set<JobStatus> from, JobStatus terminal, String message) {
        if (!JobTransitions.TERMINAL.contains(terminal)) {
            throw new IllegalArgumentException(terminal + " is not a terminal status");
        }
        Set<JobStatus> guard = JobTransitions.guard(from, terminal);
        List<MovedJob> ended = work(c -> {
            try (PreparedStatement update = c.prepareStatement("""
                    UPDATE job SET status = ?, result_message = ?, finished_at = now(), updated_at = now(),
                                   lease_until = NULL, retry_at = NULL
                    WHERE id = ANY (?) AND status = ANY (?)
                    RETURNING\s""" + MOVED)) {
                update.setString(1, terminal.wire());
                update.setString(2, message);
                update.setArray(3, c.createArrayOf("bigint", jobIds.toArray(Long[]::new)));
                update.setArray(4, statuses(c, guard));
                return movedRows(update);
            }
        });
        record(ended, MovedJob::resultMessage, false);
        return ended;
    }

    /** The ids of the remote agents' jobs of these connections that no agent has taken yet. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Long> waitingAgentJobs(Collection<Long> connectionIds) {
        return ids("""
                SELECT id FROM job WHERE connection_id = ANY (?) AND remote_agent AND status = 'scheduled'""",
                connectionIds);
    }

    /**
     * Which of the connections have a job under way or queued for the internal workers. A remote agent's job
     * still waiting for its agent does not count: it must not hold up its connection's schedule.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<Long> busyConnections(Collection<Long> connectionIds) {
        return new HashSet<>(ids(BUSY_CONNECTIONS, connectionIds));
    }

    private List<Long> ids(String sql, Collection<Long> keys) {
        return work(c -> {
            try (PreparedStatement select = c.prepareStatement(sql)) {
                select.setArray(1, c.createArrayOf("bigint", keys.toArray(Long[]::new)));
                List<Long> ids = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
                return ids;
            }
        });
    }

    // ---- notifications about a job: runs of type 'notification' ---------------------------------------------------

    /** The run statuses a notification attempt ends with: delivered, refused for good, or failed for now. */
    private static final Set<JobStatus> NOTIFICATION_ENDS = Set.of(JobStatus.SUCCESS, JobStatus.FAILURE, JobStatus.ERROR);

    /** An attempt at sending a notification about a job: the delivery's attempt number becomes the run's. */
    public record NotificationAttempt(long jobId, int attempt) {
    }

    /** A notification run as started: its row and its run key. */
    public record NotificationRun(long runId, long runKey) {
    }

    /**
     * Starts a {@code running} run of type {@code notification} per attempt, by {@code runner}, in two statements
     * whatever their number; answers them in the order given. A notification run is about its job, never of it: it
     * moves no job, records no job state and sends no event, and the job's own runs are never touched.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<NotificationRun> startNotificationRuns(List<NotificationAttempt> attempts, RunnerProcess runner) {
        if (attempts.isEmpty()) {
            return List.of();
        }
        int n = attempts.size();
        Long[] ids = new Long[n];
        Long[] jobIds = new Long[n];
        Integer[] numbers = new Integer[n];
        for (int i = 0; i < n; i++) {
            jobIds[i] = attempts.get(i).jobId();
            numbers[i] = attempts.get(i).attempt();
        }
        return work(c -> {
            nextIds(c, "job_run", ids); // first, so each run is known by its place in the list
            Map<Long, Long> runKeys = new HashMap<>();
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO job_run (id, job_id, attempt, host, process_id, status, started_at, job_type)
                    SELECT id, job_id, attempt, ?, ?, 'running', now(), 'notification'
                    FROM unnest(?::bigint[], ?::bigint[], ?::integer[]) AS r (id, job_id, attempt)
                    RETURNING id, run_key""")) {
                insert.setString(1, runner.host());
                insert.setObject(2, runner.pid(), java.sql.Types.BIGINT);
                insert.setArray(3, c.createArrayOf("bigint", ids));
                insert.setArray(4, c.createArrayOf("bigint", jobIds));
                insert.setArray(5, c.createArrayOf("integer", numbers));
                try (ResultSet rs = insert.executeQuery()) {
                    while (rs.next()) {
                        runKeys.put(rs.getLong(1), rs.getLong(2));
                    }
                }
            }
            List<NotificationRun> runs = new ArrayList<>(n);
            for (Long id : ids) {
                runs.add(new NotificationRun(id, runKeys.get(id)));
            }
            return runs;
        });
    }

    /**
     * Ends an open notification run {@code success}, {@code failure} or {@code error} with what was sent and
     * answered. False when there was none open of that id (another sender closed it as abandoned, or its job went).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean endNotificationRun(long runId, JobStatus status, String stdout, String stderr) {
        if (!NOTIFICATION_ENDS.contains(status)) {
            throw new IllegalArgumentException("a notification run ends success, failure or error, not " + status);
        }
        return work(c -> {
            try (PreparedStatement update = c.prepareStatement("""
                    UPDATE job_run SET status = ?, finished_at = now(), stdout = ?, stderr = ?
                    WHERE id = ? AND job_type = 'notification' AND finished_at IS NULL""")) {
                update.setString(1, status.wire());
                update.setString(2, stdout);
                update.setString(3, stderr);
                update.setLong(4, runId);
                return update.executeUpdate() == 1;
            }
        });
    }

    /**
     * Closes notification runs still open whose sender stopped before it could record their end (its attempt's
     * lease lapsed): {@code error}, with the reason. Notification runs only; returns how many it closed.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int abandonNotificationRuns(Collection<Long> runIds, String reason) {
        if (runIds.isEmpty()) {
            return 0;
        }
        return work(c -> {
            try (PreparedStatement update = c.prepareStatement("""
                    UPDATE job_run SET status = 'error', finished_at = now(), stderr = stderr || ?
                    WHERE id = ANY (?) AND job_type = 'notification' AND finished_at IS NULL""")) {
                update.setString(1, reason + "\n");
                update.setArray(2, c.createArrayOf("bigint", runIds.toArray(Long[]::new)));
                return update.executeUpdate();
            }
        });
    }

    // ---- states, events and the outbox -------------------------------------------------------------------------

    /**
     * A state per moved job (its status now, and why) and its {@code job-events} message; with {@code request},
     * also a {@code job-requests} message for each moved job that is {@code scheduled} for internal workers. One
     * statement for the states and one for the messages.
     */
    private void record(List<MovedJob> moved, Function<MovedJob, String> comment, boolean request) {
        if (moved.isEmpty()) {
            return;
        }
        Long[] jobIds = new Long[moved.size()];
        String[] statuses = new String[moved.size()];
        String[] comments = new String[moved.size()];
        List<OutboxMessage> messages = new ArrayList<>(moved.size() * 2);
        Instant at = Instant.now();
        for (int i = 0; i < moved.size(); i++) {
            MovedJob job = moved.get(i);
            jobIds[i] = job.id();
            statuses[i] = job.status().wire();
            String why = comment.apply(job);
            comments[i] = why == null ? "" : why;
            messages.add(new OutboxMessage(Topics.JOB_EVENTS, String.valueOf(job.connectionId()), new JobEvent(job.id(),
                    job.connectionId(), job.projectId(), job.teamId(), job.kind().wire(), job.status().wire(),
                    job.resultMessage(), at)));
        }
        if (request) {
            moved.stream().filter(job -> job.status() == JobStatus.SCHEDULED && !job.remoteAgent())
                    .map(JobStore::request).forEach(messages::add);
        }
        work(c -> {
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO job_state (job_id, status, comment, created_at)
                    SELECT job_id, status, comment, now() FROM unnest(?::bigint[], ?::text[], ?::text[])
                        AS s (job_id, status, comment)""")) {
                insert.setArray(1, c.createArrayOf("bigint", jobIds));
                insert.setArray(2, c.createArrayOf("text", statuses));
                insert.setArray(3, c.createArrayOf("text", comments));
                insert.executeUpdate();
            }
            return null;
        });
        append(messages);
        // Observed after commit only (JobMetrics): a rolled-back move is never counted.
        movedJobs.fire(new JobsMoved(moved));
    }

    private static OutboxMessage request(MovedJob job) {
        return new OutboxMessage(Topics.JOB_REQUESTS, String.valueOf(job.connectionId()), new JobRequest(job.id(),
                job.connectionId(), job.projectId(), job.teamId(), job.kind().wire(), Instant.now(), job.requestId()));
    }

    /** One outbox message: its topic, its Kafka key and the object that becomes its JSON payload. */
    private record OutboxMessage(String topic, String key, Object payload) {
    }

    /** Appends messages in one statement; their ids, and so their publishing order, follow the list. */
    private void append(List<OutboxMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        String[] topics = new String[messages.size()];
        String[] keys = new String[messages.size()];
        String[] payloads = new String[messages.size()];
        for (int i = 0; i < messages.size(); i++) {
            topics[i] = messages.get(i).topic();
            keys[i] = messages.get(i).key();
            payloads[i] = json(messages.get(i).payload());
        }
        work(c -> {
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO outbox (topic, message_key, payload)
                    SELECT topic, message_key, payload
                    FROM unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS m (topic, message_key, payload, position)
                    ORDER BY position""")) {
                insert.setArray(1, c.createArrayOf("text", topics));
                insert.setArray(2, c.createArrayOf("text", keys));
                insert.setArray(3, c.createArrayOf("text", payloads));
                insert.executeUpdate();
            }
            return null;
        });
        // Observed after commit only: wakes the relay at once instead of at its next poll.
        appended.fire(OutboxAppended.INSTANCE);
    }

    /** The signal that new outbox rows were committed. */
    public enum OutboxAppended {
        INSTANCE
    }

    /** The relay lock's key in PostgreSQL's two-key advisory space ("SYNC", "OUTB"), apart from connection locks. */
    private static final int RELAY_LOCK_CLASS = 0x5359_4E43;
    private static final int RELAY_LOCK_OBJECT = 0x4F55_5442;
    /** PostgreSQL's SQLSTATE for a lock wait that ran out of {@code lock_timeout}. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    /** What one relay round did: rows published, rows set aside as dead letters (with why), or the lock was busy. */
    public record RelayRound(boolean busy, int published, Map<Long, String> deadLettered) {
        static final RelayRound BUSY = new RelayRound(true, 0, Map.of());

        /** Rows that left the outbox this round. */
        public int handled() {
            return published + deadLettered.size();
        }
    }

    /**
     * One relay round on the connection's open transaction: takes the relay lock (one relay publishes at a time,
     * so rows leave in id order; it waits up to {@code lockWait} for another relay's round, else is busy),
     * publishes up to {@code limit} rows, waits for the broker's answer to each, and deletes what was sent, so the
     * table holds only what is still to go. A row the broker will never take
     * ({@link OutboxTransport.Undeliverable}: too large, say) moves to {@code outbox_dead_letter} with the reason
     * and the rest go on; any other failure (the broker down, a timeout) fails the round, which is published again.
     * The caller commits; a crash before that publishes the batch again (at-least-once).
     */
    public static RelayRound relayOutbox(Connection c, int limit, OutboxTransport sender, Duration timeout,
            Duration lockWait) throws Exception {
        // Waits for the other relay's round to commit, rather than polling the lock: a relay that found the lock
        // taken and looked again every 2 ms made two lock attempts per job under load. The wait is bounded, so a
        // relay stuck on a broker that is down holds nobody up for long.
        try (Statement wait = c.createStatement()) {
            wait.execute("SET LOCAL lock_timeout = '" + lockWait.toMillis() + "ms'");
        }
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
            lock.setInt(1, RELAY_LOCK_CLASS);
            lock.setInt(2, RELAY_LOCK_OBJECT);
            lock.executeQuery().close();
        } catch (SQLException e) {
            if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                return RelayRound.BUSY;
            }
            throw e;
        }
        List<Long> ids = new ArrayList<>();
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement(
                "SELECT id, topic, message_key, payload FROM outbox ORDER BY id LIMIT ?")) {
            select.setInt(1, limit);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    acks.add(sender.send(rs.getString(2), rs.getString(3), rs.getString(4)).toCompletableFuture());
                }
            }
        }
        if (ids.isEmpty()) {
            return new RelayRound(false, 0, Map.of());
        }
        // Every answer, failures included, before deciding: a failed row must not hide the others' outcome.
        CompletableFuture.allOf(acks.stream().map(ack -> ack.handle((ok, failure) -> null))
                .toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<Long, String> deadLettered = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            CompletableFuture<Void> ack = acks.get(i);
            if (!ack.isCompletedExceptionally()) {
                continue;
            }
            try {
                ack.join();
            } catch (java.util.concurrent.CompletionException e) {
                if (!(e.getCause() instanceof OutboxTransport.Undeliverable undeliverable)) {
                    throw e; // may pass later: the whole round again
                }
                deadLettered.put(ids.get(i), String.valueOf(undeliverable.getMessage()));
            }
        }
        if (!deadLettered.isEmpty()) {
            try (PreparedStatement aside = c.prepareStatement("""
                    INSERT INTO outbox_dead_letter (outbox_id, topic, message_key, payload, reason, created_at)
                    SELECT o.id, o.topic, o.message_key, o.payload, d.reason, o.created_at
                    FROM unnest(?::bigint[], ?::text[]) AS d (id, reason) JOIN outbox o ON o.id = d.id""")) {
                aside.setArray(1, c.createArrayOf("bigint", deadLettered.keySet().toArray()));
                aside.setArray(2, c.createArrayOf("text", deadLettered.values().toArray()));
                aside.executeUpdate();
            }
        }
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM outbox WHERE id = ANY (?)")) {
            delete.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            delete.executeUpdate();
        }
        return new RelayRound(false, ids.size() - deadLettered.size(), deadLettered);
    }

    // ---- plumbing ----------------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** JDBC on the transaction's own connection; the job tables are written by nothing else, so nothing to flush. */
    private <T> T work(Work<T> work) {
        return entityManager.unwrap(Session.class).doReturningWork(work::run);
    }

    /** Draws as many ids from the table's sequence as {@code ids} holds, into it, in one statement. */
    private static void nextIds(Connection c, String table, Long[] ids) throws SQLException {
        try (PreparedStatement next = c.prepareStatement(
                "SELECT nextval(pg_get_serial_sequence(?, 'id')) FROM generate_series(1, ?)")) {
            next.setString(1, table);
            next.setInt(2, ids.length);
            try (ResultSet rs = next.executeQuery()) {
                for (int i = 0; rs.next(); i++) {
                    ids[i] = rs.getLong(1);
                }
            }
        }
    }

    private static List<MovedJob> movedRows(PreparedStatement statement) throws SQLException {
        List<MovedJob> rows = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                OffsetDateTime started = rs.getObject(11, OffsetDateTime.class);
                rows.add(new MovedJob(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        ConnectionKind.fromWire(rs.getString(5)), JobStatus.fromWire(rs.getString(6)), rs.getString(7),
                        rs.getInt(8), rs.getBoolean(9), rs.getObject(10, OffsetDateTime.class).toInstant(),
                        started == null ? null : started.toInstant(), rs.getString(12)));
            }
        }
        return rows;
    }

    private static String arrayLiteral(Set<JobStatus> statuses) {
        return "{" + String.join(",", statuses.stream().map(JobStatus::wire).toList()) + "}";
    }

    private static Array statuses(Connection c, Set<JobStatus> statuses) throws SQLException {
        return c.createArrayOf("text", statuses.stream().map(JobStatus::wire).toArray());
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private String json(Object payload) {
        try {
            return objectMapper.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("outbox payload is not serialisable: " + payload.getClass(), e);
        }
    }

    private static String md5(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }
}
