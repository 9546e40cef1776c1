package io.synclane.common.job;

import io.synclane.common.domain.Job;
import io.synclane.common.domain.JobStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import org.hibernate.Session;

/**
 * Reads of job rows for views: set-based, so a page of a thousand items costs one statement, not one per item.
 * Read-only: every write of a job row is {@link JobStore}'s.
 */
@ApplicationScoped
public class JobQueries {
    /** What a view shows of a job: no entity, nothing to flush. */
    public record JobRow(long id, long connectionId, JobStatus status, boolean manual, Long userId,
            String resultMessage, Instant createdAt, Instant startedAt, Instant finishedAt) {
        public boolean terminal() {
            return status.isTerminal();
        }

        /** When it last finished, else when it last started or was made. */
        public Instant lastRun() {
            return Job.lastRun(finishedAt, startedAt, createdAt);
        }
    }

    private final EntityManager entityManager;

    public JobQueries(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * The newest job of each connection, by connection id; a connection without jobs is absent. One statement:
     * a lateral probe of the {@code job_connection_id (connection_id, id DESC)} index per connection, which
     * reads one index entry per connection however many jobs each has.
     */
    public Map<Long, JobRow> lastJobs(Collection<Long> connectionIds) {
        if (connectionIds.isEmpty()) {
            return Map.of();
        }
        Long[] ids = new LinkedHashSet<>(connectionIds).toArray(Long[]::new);
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT j.id, j.connection_id, j.status, j.manual, j.user_id, j.result_message,
                           j.created_at, j.started_at, j.finished_at
                    FROM unnest(?::bigint[]) AS c (id)
                    CROSS JOIN LATERAL (SELECT * FROM job WHERE job.connection_id = c.id
                                        ORDER BY job.id DESC LIMIT 1) AS j""")) {
                select.setArray(1, connection.createArrayOf("bigint", ids));
                Map<Long, JobRow> rows = new HashMap<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        JobRow row = row(rs);
                        rows.put(row.connectionId(), row);
                    }
                }
                return rows;
            }
        });
    }

    private static JobRow row(ResultSet rs) throws SQLException {
        Long userId = rs.getObject("user_id", Long.class);
        return new JobRow(rs.getLong("id"), rs.getLong("connection_id"), JobStatus.fromWire(rs.getString("status")),
                rs.getBoolean("manual"), userId, rs.getString("result_message"),
                instant(rs, "created_at"), instant(rs, "started_at"), instant(rs, "finished_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
