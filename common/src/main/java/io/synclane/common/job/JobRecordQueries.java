package io.synclane.common.job;

import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.job.JobStore.RecordedState;
import io.synclane.common.job.JobStore.StoredFile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;

/**
 * Reads of jobs, their states and their files one record at a time, with each job's {@link JobStore#ETAG_SQL ETag}:
 * what a face that addresses them one by one (DCI's {@code /api/v1}) shows. Filters and orders name only the
 * {@link Field}s below, so no caller's text ever becomes SQL. Read-only: every write is {@link JobStore}'s.
 */
@ApplicationScoped
public class JobRecordQueries {
    /** A job as a client addressing it by id sees it. */
    public record JobRecord(long id, long teamId, long projectId, long connectionId, ConnectionKind kind,
            JobStatus status, String comment, boolean recheck, Long remoteciId, String resultMessage, String claimedBy,
            Instant createdAt, Instant updatedAt, String etag) {
    }

    /** A job state with the team of its job. */
    public record StateRecord(RecordedState state, long teamId) {
    }

    /** A file with the team of its job. */
    public record FileRecord(StoredFile file, long teamId) {
    }

    /** The columns a job list may be filtered and ordered by, with their SQL types. */
    public enum Field {
        ID("id", Types.BIGINT), STATUS("status", Types.VARCHAR), COMMENT("comment", Types.VARCHAR),
        RECHECK("recheck", Types.BOOLEAN), REMOTECI_ID("remoteci_id", Types.BIGINT),
        CONNECTION_ID("connection_id", Types.BIGINT), CREATED_AT("created_at", Types.TIMESTAMP_WITH_TIMEZONE),
        UPDATED_AT("updated_at", Types.TIMESTAMP_WITH_TIMEZONE);

        private final String column;
        private final int sqlType;

        Field(String column, int sqlType) {
            this.column = column;
            this.sqlType = sqlType;
        }
    }

    /** A filter: the field equals one of the values (already typed: Long, String, Boolean, OffsetDateTime). */
    public record Filter(Field field, List<Object> anyOf) {
    }

    public record Order(Field field, boolean descending) {
    }

    /** One page of a team's jobs and how many match in all. */
    public record Page(List<JobRecord> jobs, long count) {
    }

    private static final String JOB_COLUMNS = """
            job.id, job.team_id, job.project_id, job.connection_id, job.kind, job.status, job.comment, job.recheck,
            job.remoteci_id, job.result_message, job.claimed_by, job.created_at, job.updated_at,\s""" + JobStore.ETAG_SQL;

    private final EntityManager entityManager;

    public JobRecordQueries(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    public Optional<JobRecord> job(long id) {
        return work(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + JOB_COLUMNS + " FROM job WHERE id = ?")) {
                select.setLong(1, id);
                List<JobRecord> rows = jobs(select);
                return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
            }
        });
    }

    /** A team's jobs matching every filter, ordered, one page of them, and the count of all matches. */
    public Page jobs(long teamId, List<Filter> filters, List<Order> orders, int limit, long offset) {
        StringBuilder where = new StringBuilder(" WHERE job.team_id = ?");
        for (Filter filter : filters) {
            where.append(" AND job.").append(filter.field().column).append(" = ANY (?)");
        }
        StringBuilder orderBy = new StringBuilder(" ORDER BY ");
        for (Order order : orders) {
            orderBy.append("job.").append(order.field().column).append(order.descending() ? " DESC, " : " ASC, ");
        }
        orderBy.append("job.id DESC");
        return work(c -> {
            long count;
            try (PreparedStatement select = c.prepareStatement("SELECT count(*) FROM job" + where)) {
                bind(c, select, teamId, filters);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    count = rs.getLong(1);
                }
            }
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT " + JOB_COLUMNS + " FROM job" + where + orderBy + " LIMIT ? OFFSET ?")) {
                int next = bind(c, select, teamId, filters);
                select.setInt(next, limit);
                select.setLong(next + 1, offset);
                return new Page(jobs(select), count);
            }
        });
    }

    private static int bind(Connection c, PreparedStatement select, long teamId, List<Filter> filters)
            throws SQLException {
        select.setLong(1, teamId);
        int index = 2;
        for (Filter filter : filters) {
            String type = switch (filter.field().sqlType) {
                case Types.BIGINT -> "bigint";
                case Types.BOOLEAN -> "boolean";
                case Types.TIMESTAMP_WITH_TIMEZONE -> "timestamptz";
                default -> "text";
            };
            select.setArray(index++, c.createArrayOf(type, filter.anyOf().toArray()));
        }
        return index;
    }

    /** A job's states, oldest first. */
    public List<RecordedState> states(long jobId) {
        return work(c -> {
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT s.id, s.job_id, s.status, s.comment, s.created_at, j.team_id
                    FROM job_state s JOIN job j ON j.id = s.job_id WHERE s.job_id = ? ORDER BY s.id""")) {
                select.setLong(1, jobId);
                List<RecordedState> states = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        states.add(state(rs).state());
                    }
                }
                return states;
            }
        });
    }

    public Optional<StateRecord> state(long id) {
        return work(c -> {
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT s.id, s.job_id, s.status, s.comment, s.created_at, j.team_id
                    FROM job_state s JOIN job j ON j.id = s.job_id WHERE s.id = ?""")) {
                select.setLong(1, id);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(state(rs)) : Optional.empty();
                }
            }
        });
    }

    /** A job's files, oldest first, without their content. */
    public List<StoredFile> files(long jobId) {
        return work(c -> {
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT f.id, f.job_id, f.job_state_id, f.name, f.mime, f.size, f.md5, f.created_at, j.team_id
                    FROM job_file f JOIN job j ON j.id = f.job_id WHERE f.job_id = ? ORDER BY f.id""")) {
                select.setLong(1, jobId);
                List<StoredFile> files = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        files.add(file(rs).file());
                    }
                }
                return files;
            }
        });
    }

    public Optional<FileRecord> file(long id) {
        return work(c -> {
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT f.id, f.job_id, f.job_state_id, f.name, f.mime, f.size, f.md5, f.created_at, j.team_id
                    FROM job_file f JOIN job j ON j.id = f.job_id WHERE f.id = ?""")) {
                select.setLong(1, id);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(file(rs)) : Optional.empty();
                }
            }
        });
    }

    /** A file's bytes. */
    public byte[] content(long fileId) {
        return work(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT content FROM job_file WHERE id = ?")) {
                select.setLong(1, fileId);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? rs.getBytes(1) : new byte[0];
                }
            }
        });
    }

    /** The contents of a job's files of one MIME type, by file name in upload order (a later one of a name wins). */
    public List<NamedContent> contents(long jobId, String mime) {
        return work(c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT name, content FROM job_file WHERE job_id = ? AND mime = ? ORDER BY id")) {
                select.setLong(1, jobId);
                select.setString(2, mime);
                List<NamedContent> contents = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        contents.add(new NamedContent(rs.getString(1), rs.getBytes(2)));
                    }
                }
                return contents;
            }
        });
    }

    public record NamedContent(String name, byte[] content) {
    }

    private static List<JobRecord> jobs(PreparedStatement select) throws SQLException {
        List<JobRecord> rows = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                rows.add(new JobRecord(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        ConnectionKind.fromWire(rs.getString(5)), JobStatus.fromWire(rs.getString(6)), rs.getString(7),
                        rs.getBoolean(8), rs.getObject(9, Long.class), rs.getString(10), rs.getString(11),
                        instant(rs, 12), instant(rs, 13), rs.getString(14)));
            }
        }
        return rows;
    }

    private static StateRecord state(ResultSet rs) throws SQLException {
        return new StateRecord(new RecordedState(rs.getLong(1), rs.getLong(2), JobStatus.fromWire(rs.getString(3)),
                rs.getString(4), instant(rs, 5)), rs.getLong(6));
    }

    private static FileRecord file(ResultSet rs) throws SQLException {
        return new FileRecord(new StoredFile(rs.getLong(1), rs.getLong(2), rs.getObject(3, Long.class), rs.getString(4),
                rs.getString(5), rs.getLong(6), rs.getString(7), instant(rs, 8)), rs.getLong(9));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T work(Work<T> work) {
        return entityManager.unwrap(Session.class).doReturningWork(work::run);
    }
}
