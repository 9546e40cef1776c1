package io.synclane.worker.service;

import io.synclane.common.domain.Connection;
import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.job.JobLifecycle;
import io.synclane.common.job.JobLifecycle.Transition;
import io.synclane.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.Session;

/**
 * Claims jobs for this worker, many in one transaction: only a {@code scheduled} job (not waiting out a retry
 * backoff) moves to {@code running}, and never two of one connection. A request delivered twice, or for a job
 * already claimed or finished, claims nothing, which is what makes the Kafka consumer idempotent.
 */
@ApplicationScoped
public class JobClaimService {
    /** A connection runs one job at a time: a request arriving while another job of it runs waits this long. */
    static final Duration BUSY_CONNECTION_DELAY = Duration.ofSeconds(2);

    private final EntityManager entityManager;
    private final JobLifecycle lifecycle;
    private final WorkerIdentity identity;
    private final WorkerConfig config;

    public JobClaimService(EntityManager entityManager, JobLifecycle lifecycle, WorkerIdentity identity,
            WorkerConfig config) {
        this.entityManager = entityManager;
        this.lifecycle = lifecycle;
        this.identity = identity;
        this.config = config;
    }

    /** The claimed row as the claim's UPDATE returned it. */
    private record Claimed(long jobId, long connectionId, long projectId, long teamId, ConnectionKind kind,
            int attempt, String resultMessage) {
    }

    /**
     * Claims what it can of the jobs: one answer per id, in order; an id listed twice is claimed at most once
     * (its first place gets the claim).
     */
    @Transactional
    public List<Optional<ClaimedJob>> claimAll(List<Long> jobIds) {
        Long[] ids = new LinkedHashSet<>(jobIds).toArray(Long[]::new);
        Instant now = Instant.now();
        Map<Long, Claimed> claimed = entityManager.unwrap(Session.class).doReturningWork(connection -> {
            Array idArray = connection.createArrayOf("bigint", ids);
            if (!lockConnections(connection, idArray)) {
                return Map.of();
            }
            Map<Long, Claimed> rows = claimRows(connection, idArray, now);
            Long[] unclaimed = Arrays.stream(ids).filter(id -> !rows.containsKey(id)).toArray(Long[]::new);
            if (unclaimed.length > 0) {
                deferWhileConnectionBusy(connection, connection.createArrayOf("bigint", unclaimed), now);
            }
            return rows;
        });
        if (claimed.isEmpty()) {
            return jobIds.stream().map(id -> Optional.<ClaimedJob>empty()).toList();
        }
        Map<Long, Run> runs = insertRuns(claimed.values(), now);
        Map<Long, RunTarget> targets = targets(claimed.values());
        List<Transition> transitions = new ArrayList<>();
        for (Claimed job : claimed.values()) {
            transitions.add(new Transition(job.jobId(), job.connectionId(), job.projectId(), job.teamId(), job.kind(),
                    JobStatus.RUNNING, job.resultMessage(),
                    "claimed by " + identity.processId() + " (attempt " + job.attempt() + ")"));
        }
        lifecycle.recordTransitions(transitions);

        List<Optional<ClaimedJob>> answers = new ArrayList<>(jobIds.size());
        for (Long id : jobIds) {
            Claimed job = claimed.remove(id);
            if (job == null) {
                answers.add(Optional.empty());
                continue;
            }
            Run run = runs.get(id);
            answers.add(Optional.of(new ClaimedJob(job.jobId(), job.connectionId(), job.projectId(), job.kind(),
                    job.attempt(), run.id(), run.runKey(), targets.get(job.connectionId()))));
        }
        return answers;
    }

    /**
     * Takes the claim lock of each connection that has one of the jobs still scheduled, in connection order so
     * that two workers claiming overlapping batches cannot deadlock. Claims of one connection take turns, so
     * two of its jobs can never both start. False when none of the jobs is scheduled.
     */
    private static boolean lockConnections(java.sql.Connection connection, Array ids) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("""
                SELECT pg_advisory_xact_lock(connection_id)
                FROM (SELECT DISTINCT connection_id FROM job WHERE id = ANY (?) AND status = 'scheduled'
                      ORDER BY connection_id) AS scheduled""")) {
            lock.setArray(1, ids);
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** At most one job per connection, and none of a connection that already runs one. */
    private Map<Long, Claimed> claimRows(java.sql.Connection connection, Array ids, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE job SET status = 'running', attempt = attempt + 1, claimed_by = ?, lease_until = ?,
                               started_at = coalesce(started_at, ?), updated_at = ?
                WHERE id IN (SELECT DISTINCT ON (connection_id) id FROM job
                             WHERE id = ANY (?) AND status = 'scheduled' AND retry_at IS NULL
                             ORDER BY connection_id, id)
                  AND status = 'scheduled' AND retry_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM job other WHERE other.connection_id = job.connection_id
                                  AND other.status = 'running')
                RETURNING id, connection_id, project_id, team_id, kind, attempt, result_message""")) {
            update.setString(1, identity.processId());
            update.setObject(2, now.plus(config.lease()).atOffset(ZoneOffset.UTC));
            update.setObject(3, now.atOffset(ZoneOffset.UTC));
            update.setObject(4, now.atOffset(ZoneOffset.UTC));
            update.setArray(5, ids);
            Map<Long, Claimed> rows = new LinkedHashMap<>();
            try (ResultSet rs = update.executeQuery()) {
                while (rs.next()) {
                    Claimed row = new Claimed(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                            ConnectionKind.fromWire(rs.getString(5)), rs.getInt(6), rs.getString(7));
                    rows.put(row.jobId(), row);
                }
            }
            return rows;
        }
    }

    /**
     * Deferred, not dropped: a job whose connection already runs one waits {@link #BUSY_CONNECTION_DELAY}, and
     * the sweeper requests it again once {@code retry_at} has passed. A job already waiting out a retry
     * backoff keeps its time.
     */
    private static void deferWhileConnectionBusy(java.sql.Connection connection, Array ids, Instant now)
            throws SQLException {
        try (PreparedStatement defer = connection.prepareStatement("""
                UPDATE job SET retry_at = ?
                WHERE id = ANY (?) AND status = 'scheduled' AND retry_at IS NULL
                  AND EXISTS (SELECT 1 FROM job other WHERE other.connection_id = job.connection_id
                              AND other.status = 'running')""")) {
            defer.setObject(1, now.plus(BUSY_CONNECTION_DELAY).atOffset(ZoneOffset.UTC));
            defer.setArray(2, ids);
            defer.executeUpdate();
        }
    }

    private record Run(long id, String runKey) {
    }

    /** One {@code running} run per claimed job, in one statement; keyed by job id. */
    private Map<Long, Run> insertRuns(Collection<Claimed> jobs, Instant now) {
        Long[] jobIds = new Long[jobs.size()];
        Integer[] attempts = new Integer[jobs.size()];
        String[] runKeys = new String[jobs.size()];
        int i = 0;
        for (Claimed job : jobs) {
            jobIds[i] = job.jobId();
            attempts[i] = job.attempt();
            runKeys[i] = UUID.randomUUID().toString();
            i++;
        }
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO job_run (job_id, attempt, process_id, run_key, status, started_at)
                    SELECT job_id, attempt, ?, run_key, ?, ?
                    FROM unnest(?::bigint[], ?::integer[], ?::text[]) AS r (job_id, attempt, run_key)
                    RETURNING job_id, id, run_key""")) {
                insert.setString(1, identity.processId());
                insert.setString(2, JobStatus.RUNNING.wire());
                insert.setObject(3, now.atOffset(ZoneOffset.UTC));
                insert.setArray(4, connection.createArrayOf("bigint", jobIds));
                insert.setArray(5, connection.createArrayOf("integer", attempts));
                insert.setArray(6, connection.createArrayOf("text", runKeys));
                Map<Long, Run> runs = new HashMap<>();
                try (ResultSet rs = insert.executeQuery()) {
                    while (rs.next()) {
                        runs.put(rs.getLong(1), new Run(rs.getLong(2), rs.getString(3)));
                    }
                }
                return runs;
            }
        });
    }

    /**
     * The claimed jobs' connections, by one array-bound query (an HQL "in" list is translated anew for every
     * length); their connectors are few and load once per batch. Keyed by connection id.
     */
    private Map<Long, RunTarget> targets(Collection<Claimed> jobs) {
        List<Long> connectionIds = jobs.stream().map(Claimed::connectionId).distinct().toList();
        Map<Long, RunTarget> targets = new HashMap<>();
        for (Connection connection : entityManager.unwrap(Session.class).findMultiple(Connection.class, connectionIds)) {
            if (connection != null) {
                targets.put(connection.id, new RunTarget(connection.connector.system, connection.projectId,
                        connection.effectiveParams()));
            }
        }
        return targets;
    }
}
