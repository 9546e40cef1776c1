package io.synclane.common.job;

import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.JobStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads of job runs with their job, connection and project, for views that list runs (the RPM face): a job's own
 * attempts ({@code automation}) and the notifications sent about it ({@code notification}) alike, each with its
 * type, which a criterion may select. A list is a cursor over one statement, fetched {@value #FETCH_SIZE} rows at a
 * time on a connection of its own, so listing a million runs holds a few hundred in memory. Read-only: every write
 * of a run is {@link JobStore}'s.
 */
@ApplicationScoped
public class JobRunQueries {
    static final int FETCH_SIZE = 500;

    /**
     * A run as a view shows it. {@code projectStatus} is the status of the project's newest job, which says
     * where the project stands as a whole.
     */
    public record RunRow(long id, long jobId, int attempt, String host, Long processId, long runKey,
            JobStatus status, Instant startedAt, Instant finishedAt, String stdout, String stderr,
            JobStatus jobStatus, ConnectionKind kind, long connectionId, String connectionAlias, String system,
            long projectId, String projectName, JobStatus projectStatus, JobRunType type) {
    }

    /**
     * Which runs of a team, all criteria ANDed; null matches any. {@code unfinished}: runs without an end (true)
     * or with one (false); {@code statuses}: the run's own status, any of them; {@code jobId}: runs of that job.
     */
    public record RunCriteria(Boolean unfinished, Long runKey, List<JobStatus> statuses, JobRunType type,
            Long processId, Long connectionId, Long userId, Long jobId) {
        public static final RunCriteria ANY = new RunCriteria(null, null, null, null, null, null, null, null);
    }

    /** The runs that match, in id order; close it to give back its connection. */
    public interface RunCursor extends Iterator<RunRow>, AutoCloseable {
        @Override
        void close();
    }

    private static final String SELECT = """
            SELECT r.id, r.job_id, r.attempt, r.host, r.process_id, r.run_key, r.status, r.started_at, r.finished_at,
                   r.stdout, r.stderr, j.status AS job_status, j.kind, j.connection_id, cn.alias, ct.system,
                   p.id AS project_id, p.name AS project_name, newest.status AS project_status, r.job_type
            FROM job_run r
            JOIN job j ON j.id = r.job_id
            JOIN connection cn ON cn.id = j.connection_id
            JOIN connector ct ON ct.id = cn.connector_id
            JOIN project p ON p.id = j.project_id
            CROSS JOIN LATERAL (
                SELECT status FROM (
                    (SELECT id, status FROM job WHERE project_id = j.project_id AND kind = 'alm'
                     ORDER BY id DESC LIMIT 1)
                    UNION ALL
                    (SELECT id, status FROM job WHERE project_id = j.project_id AND kind = 'analysis'
                     ORDER BY id DESC LIMIT 1)) AS per_kind
                ORDER BY id DESC LIMIT 1) AS newest
            WHERE j.team_id = ?""";

    private final DataSource dataSource;

    public JobRunQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<RunRow> find(long teamId, long runId) {
        try (RunCursor cursor = open(teamId, runId, RunCriteria.ANY)) {
            return cursor.hasNext() ? Optional.of(cursor.next()) : Optional.empty();
        }
    }

    /**
     * Opens the cursor of a team's runs that match. It reads in a read-only transaction of its own (PostgreSQL
     * streams a result only inside one), which the cursor ends on close.
     */
    public RunCursor open(long teamId, RunCriteria criteria) {
        return open(teamId, null, criteria);
    }

    private RunCursor open(long teamId, Long runId, RunCriteria criteria) {
        StringBuilder sql = new StringBuilder(SELECT);
        List<Object> values = new ArrayList<>();
        values.add(teamId);
        and(sql, values, " AND r.id = ?", runId);
        if (criteria.unfinished() != null) {
            sql.append(criteria.unfinished() ? " AND r.finished_at IS NULL" : " AND r.finished_at IS NOT NULL");
        }
        and(sql, values, " AND r.run_key = ?", criteria.runKey());
        if (criteria.statuses() != null) {
            sql.append(" AND r.status = ANY (?)");
            values.add(criteria.statuses().stream().map(JobStatus::wire).toArray(String[]::new));
        }
        if (criteria.type() != null) {
            sql.append(" AND r.job_type = ?");
            values.add(criteria.type().wire());
        }
        and(sql, values, " AND r.process_id = ?", criteria.processId());
        and(sql, values, " AND j.connection_id = ?", criteria.connectionId());
        and(sql, values, " AND j.user_id = ?", criteria.userId());
        and(sql, values, " AND r.job_id = ?", criteria.jobId());
        sql.append(" ORDER BY r.id");
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            PreparedStatement select = connection.prepareStatement(sql.toString());
            select.setFetchSize(FETCH_SIZE);
            for (int i = 0; i < values.size(); i++) {
                Object value = values.get(i);
                if (value instanceof String[] texts) {
                    select.setArray(i + 1, connection.createArrayOf("text", texts));
                } else if (value instanceof String text) {
                    select.setString(i + 1, text);
                } else {
                    select.setLong(i + 1, (Long) value);
                }
            }
            return new ResultCursor(connection, select.executeQuery());
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new IllegalStateException("job runs could not be read", e);
        }
    }

    private static void and(StringBuilder sql, List<Object> values, String condition, Long value) {
        if (value != null) {
            sql.append(condition);
            values.add(value);
        }
    }

    /** By position, in {@link #SELECT}'s order: a lookup by name per column showed in a long list's profile. */
    private static RunRow row(ResultSet rs) throws SQLException {
        return new RunRow(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getString(4), rs.getObject(5, Long.class),
                rs.getLong(6), JobStatus.fromWire(rs.getString(7)), instant(rs, 8), instant(rs, 9), rs.getString(10),
                rs.getString(11), JobStatus.fromWire(rs.getString(12)), ConnectionKind.fromWire(rs.getString(13)),
                rs.getLong(14), rs.getString(15), rs.getString(16), rs.getLong(17), rs.getString(18),
                JobStatus.fromWire(rs.getString(19)), JobRunType.fromWire(rs.getString(20)));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.rollback();
                connection.close();
            } catch (SQLException ignored) {
                // the pool discards a connection it cannot reset
            }
        }
    }

    /** Reads ahead one row, so that {@link #hasNext} can answer before a view commits to a status. */
    private static final class ResultCursor implements RunCursor {
        private final Connection connection;
        private final ResultSet rows;
        private RunRow next;
        private boolean closed;

        ResultCursor(Connection connection, ResultSet rows) throws SQLException {
            this.connection = connection;
            this.rows = rows;
            advance();
        }

        private void advance() throws SQLException {
            next = rows.next() ? row(rows) : null;
            if (next == null) {
                close();
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public RunRow next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            RunRow current = next;
            try {
                advance();
            } catch (SQLException e) {
                close();
                throw new IllegalStateException("job runs could not be read", e);
            }
            return current;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                closeQuietly(connection);
            }
        }
    }
}
