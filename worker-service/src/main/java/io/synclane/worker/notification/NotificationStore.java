package io.synclane.worker.notification;

import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.job.JobStore;
import io.synclane.common.job.JobStore.NotificationAttempt;
import io.synclane.common.job.JobStore.NotificationRun;
import io.synclane.common.job.RunnerProcess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.Session;

/**
 * The deliveries of job-end notifications ({@code notification_delivery}): made from job ends, claimed when due by
 * any replica ({@code FOR UPDATE SKIP LOCKED}), and recorded attempt by attempt. Each attempt is a job run of type
 * {@code notification}, which only {@link JobStore} writes; the job itself is never touched.
 */
@ApplicationScoped
public class NotificationStore {
    /** The job a notification is about, as its payload tells it. */
    public record JobSummary(long id, long teamId, ConnectionKind kind, JobStatus status, String resultMessage,
            boolean manual, Long userId, Instant createdAt, Instant startedAt, Instant finishedAt, long connectionId,
            String connectionAlias, String system, long projectId, String projectName) {
    }

    /** An attempt claimed by this process: the delivery, its run, and where and what to send. */
    public record ClaimedAttempt(long deliveryId, long webhookId, int attempt, long runId, long runKey, String url,
            byte[] secretNonce, JobSummary job) {
    }

    /** How an attempt ended: its run's status and output, and what becomes of the delivery. */
    public record AttemptEnd(long deliveryId, long runId, JobStatus runStatus, String stdout, String stderr,
            State state, Duration retryIn, Integer httpStatus, String error) {
    }

    public enum State {
        PENDING, DELIVERED, FAILED;

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The signal that deliveries were committed, so this process's dispatcher sends them now. */
    public enum DeliveriesCreated {
        INSTANCE
    }

    private final EntityManager entityManager;
    private final JobStore jobs;
    private final Event<DeliveriesCreated> created;

    public NotificationStore(EntityManager entityManager, JobStore jobs, Event<DeliveriesCreated> created) {
        this.entityManager = entityManager;
        this.jobs = jobs;
        this.created = created;
    }

    /**
     * A delivery for each of the jobs' ends that one of its team's active webhooks asks for: the job's status is one
     * of the webhook's, its connection one of the webhook's (or the webhook names none), and the webhook existed when
     * the job ended. A job notifies each webhook once, however often its end is read. Returns how many were new.
     */
    @Transactional
    public int createDeliveries(Collection<Long> jobIds) {
        if (jobIds.isEmpty()) {
            return 0;
        }
        int made = work(c -> {
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO notification_delivery (webhook_id, job_id, event_status)
                    SELECT w.id, j.id, j.status
                    FROM job j JOIN webhook w ON w.team_id = j.team_id
                    WHERE j.id = ANY (?) AND w.active AND j.status = ANY (w.statuses)
                      AND (cardinality(w.connection_ids) = 0 OR j.connection_id = ANY (w.connection_ids))
                      AND w.created_at <= j.finished_at
                    ON CONFLICT (webhook_id, job_id) DO NOTHING""")) {
                insert.setArray(1, c.createArrayOf("bigint", jobIds.toArray(Long[]::new)));
                return insert.executeUpdate();
            }
        });
        if (made > 0) {
            created.fire(DeliveriesCreated.INSTANCE);
        }
        return made;
    }

    /**
     * Claims up to {@code limit} due deliveries of active webhooks for this process, for {@code lease}: each gets its
     * next attempt and a {@code running} notification run. A delivery whose previous attempt's sender died (its lease
     * lapsed) has that run closed {@code error}, and is given up once it has had {@code maxAttempts}.
     */
    @Transactional
    public List<ClaimedAttempt> claimDue(int limit, int maxAttempts, Duration lease, RunnerProcess runner) {
        record Claimed(long id, long jobId, int attempt, Long previousRun) {
        }
        List<Claimed> claimed = work(c -> {
            try (PreparedStatement update = c.prepareStatement("""
                    UPDATE notification_delivery d SET attempts = d.attempts + 1,
                           next_attempt_at = now() + make_interval(secs => ?), updated_at = now()
                    WHERE d.id IN (SELECT due.id FROM notification_delivery due JOIN webhook w ON w.id = due.webhook_id
                                   WHERE due.state = 'pending' AND due.next_attempt_at <= now() AND w.active
                                   ORDER BY due.next_attempt_at LIMIT ? FOR UPDATE OF due SKIP LOCKED)
                    RETURNING d.id, d.job_id, d.attempts, d.run_id""")) {
                update.setDouble(1, lease.toNanos() / 1e9);
                update.setInt(2, limit);
                List<Claimed> rows = new ArrayList<>();
                try (ResultSet rs = update.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Claimed(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getObject(4, Long.class)));
                    }
                }
                return rows;
            }
        });
        if (claimed.isEmpty()) {
            return List.of();
        }
        jobs.abandonNotificationRuns(claimed.stream().filter(d -> d.previousRun() != null).map(Claimed::previousRun)
                .toList(), "the worker sending this attempt stopped before it had an answer");
        List<Long> exhausted = claimed.stream().filter(d -> d.attempt() > maxAttempts).map(Claimed::id).toList();
        if (!exhausted.isEmpty()) {
            work(c -> {
                try (PreparedStatement update = c.prepareStatement("""
                        UPDATE notification_delivery SET state = 'failed', attempts = attempts - 1, updated_at = now(),
                               last_error = 'Gave up after ' || (attempts - 1) || ' attempts: the worker sending'
                                            || ' the last one stopped before it had an answer.'
                        WHERE id = ANY (?)""")) {
                    update.setArray(1, c.createArrayOf("bigint", exhausted.toArray(Long[]::new)));
                    return update.executeUpdate();
                }
            });
        }
        List<Claimed> sending = claimed.stream().filter(d -> d.attempt() <= maxAttempts).toList();
        if (sending.isEmpty()) {
            return List.of();
        }
        List<NotificationRun> runs = jobs.startNotificationRuns(
                sending.stream().map(d -> new NotificationAttempt(d.jobId(), d.attempt())).toList(), runner);
        Long[] deliveryIds = sending.stream().map(Claimed::id).toArray(Long[]::new);
        Long[] runIds = runs.stream().map(NotificationRun::runId).toArray(Long[]::new);
        return work(c -> {
            try (PreparedStatement update = c.prepareStatement("""
                    UPDATE notification_delivery d SET run_id = r.run_id
                    FROM unnest(?::bigint[], ?::bigint[]) AS r (id, run_id) WHERE d.id = r.id""")) {
                update.setArray(1, c.createArrayOf("bigint", deliveryIds));
                update.setArray(2, c.createArrayOf("bigint", runIds));
                update.executeUpdate();
            }
            record Target(long webhookId, String url, byte[] secretNonce, JobSummary job) {
            }
            Map<Long, Target> byDelivery = new HashMap<>();
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT d.id, d.webhook_id, w.url, w.secret_nonce, d.event_status, j.id, j.team_id, j.kind,
                           j.result_message, j.manual, j.user_id, j.created_at, j.started_at, j.finished_at,
                           j.connection_id, cn.alias, ct.system, j.project_id, p.name
                    FROM notification_delivery d JOIN webhook w ON w.id = d.webhook_id JOIN job j ON j.id = d.job_id
                    JOIN connection cn ON cn.id = j.connection_id JOIN connector ct ON ct.id = cn.connector_id
                    JOIN project p ON p.id = j.project_id
                    WHERE d.id = ANY (?)""")) {
                select.setArray(1, c.createArrayOf("bigint", deliveryIds));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        JobSummary job = new JobSummary(rs.getLong(6), rs.getLong(7),
                                ConnectionKind.fromWire(rs.getString(8)), JobStatus.fromWire(rs.getString(5)),
                                rs.getString(9), rs.getBoolean(10), rs.getObject(11, Long.class), instant(rs, 12),
                                instant(rs, 13), instant(rs, 14), rs.getLong(15), rs.getString(16), rs.getString(17),
                                rs.getLong(18), rs.getString(19));
                        byDelivery.put(rs.getLong(1), new Target(rs.getLong(2), rs.getString(3), rs.getBytes(4), job));
                    }
                }
            }
            List<ClaimedAttempt> attempts = new ArrayList<>(sending.size());
            for (int i = 0; i < sending.size(); i++) {
                Claimed delivery = sending.get(i);
                Target target = byDelivery.get(delivery.id());
                NotificationRun run = runs.get(i);
                attempts.add(new ClaimedAttempt(delivery.id(), target.webhookId(), delivery.attempt(), run.runId(),
                        run.runKey(), target.url(), target.secretNonce(), target.job()));
            }
            return attempts;
        });
    }

    /**
     * Records how an attempt ended: its run closed with its output, and the delivery delivered, failed for good, or
     * due again after {@code retryIn}. Nothing when the attempt is no longer this process's (its lease lapsed and
     * another replica closed its run); false then.
     */
    @Transactional
    public boolean record(AttemptEnd end) {
        if (!jobs.endNotificationRun(end.runId(), end.runStatus(), end.stdout(), end.stderr())) {
            return false;
        }
        return work(c -> {
            try (PreparedStatement update = c.prepareStatement("""
                    UPDATE notification_delivery SET state = ?, last_status = ?, last_error = ?, updated_at = now(),
                           next_attempt_at = CASE WHEN ?::float8 IS NULL THEN next_attempt_at
                                                  ELSE now() + make_interval(secs => ?::float8) END
                    WHERE id = ? AND run_id = ?""")) {
                Double retrySeconds = end.retryIn() == null ? null : end.retryIn().toNanos() / 1e9;
                update.setString(1, end.state().wire());
                update.setObject(2, end.httpStatus(), java.sql.Types.INTEGER);
                update.setString(3, end.error() == null ? "" : end.error());
                update.setObject(4, retrySeconds, java.sql.Types.DOUBLE);
                update.setObject(5, retrySeconds, java.sql.Types.DOUBLE);
                update.setLong(6, end.deliveryId());
                update.setLong(7, end.runId());
                return update.executeUpdate() == 1;
            }
        });
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** JDBC on the transaction's own connection, as {@link JobStore} works. */
    private <T> T work(Work<T> work) {
        return entityManager.unwrap(Session.class).doReturningWork(work::run);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
