package io.synclane.common.job;

import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.Frequency;
import io.synclane.common.domain.JobStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.Session;

/**
 * What operators watch, read set-based for one team: jobs by status, job ends per minute, the connections due
 * soon, a filtered page of jobs with their connection and project, a job's runs, and connections with their recent
 * outcomes. Every statement is scoped by the team and bounded (a page, a window, an index range), so a dashboard
 * left open on a team of a million jobs costs index probes, not scans. Read-only: every write is {@link JobStore}'s.
 */
@ApplicationScoped
public class OperationsQueries {
    /** How many ended jobs of a connection its history shows at most. */
    public static final int HISTORY_MAX = 20;

    private static final String TERMINAL = "('success', 'failure', 'error', 'killed')";

    /** Job ends in one minute of the window, by outcome ({@code failed} = failure or error). */
    public record MinuteEnds(Instant minute, int succeeded, int failed, int killed) {
        public int ended() {
            return succeeded + failed + killed;
        }
    }

    /** Jobs by status: every unfinished job, and the jobs that ended since the window's start. */
    public record StatusCounts(Map<JobStatus, Long> counts, Instant endedSince) {
    }

    /** A connection whose next slot is near, or overdue. */
    public record DueConnection(long id, ConnectionKind kind, String alias, Frequency frequency, Instant nextRun,
            long projectId, String projectName, String system) {
    }

    /** Connections due before a time: the first of them in slot order, and how many in all. */
    public record Due(List<DueConnection> connections, long count) {
    }

    /** The outbox: rows waiting to be published, the oldest one's age in seconds (null when none), rows set aside. */
    public record OutboxBacklog(long waiting, Double oldestSeconds, long deadLetters) {
    }

    /** Which jobs of a team to list; null matches any. */
    public record JobFilter(ConnectionKind kind, Long projectId, Long connectionId, List<JobStatus> statuses,
            Boolean manual) {
        public static final JobFilter ANY = new JobFilter(null, null, null, null, null);
    }

    /** A job with the names an operator reads it by. */
    public record JobLine(long id, ConnectionKind kind, JobStatus status, boolean manual, Long userId, String userEmail,
            String resultMessage, int attempt, boolean remoteAgent, Instant createdAt, Instant startedAt,
            Instant finishedAt, long connectionId, String connectionAlias, String system, long projectId,
            String projectName) {
    }

    /** A page of jobs, newest first; {@code before} is where the next page starts (null on the last page). */
    public record JobLines(List<JobLine> jobs, Long before) {
    }

    /** One attempt at a job; {@code stdout}/{@code stderr} are cut at {@value #OUTPUT_MAX} characters. */
    public record RunLine(long id, int attempt, String host, Long processId, long runKey, JobStatus status,
            Instant startedAt, Instant finishedAt, String stdout, String stderr) {
    }

    /** An ended job in a connection's history. */
    public record Outcome(long jobId, JobStatus status) {
    }

    /** A connection with its schedule, its newest job and its last outcomes (oldest first). */
    public record ConnectionLine(long id, ConnectionKind kind, String alias, Frequency frequency,
            boolean schedulePaused, String scheduleTimezone, Instant nextRun, int skippedRuns, String system,
            boolean inaccessible, long projectId, String projectName, JobLine lastJob, List<Outcome> history) {
    }

    /** A page of connections by id; {@code after} is where the next page starts (null on the last page). */
    public record ConnectionLines(List<ConnectionLine> connections, Long after) {
    }

    static final int OUTPUT_MAX = 4000;
    private static final int MESSAGE_MAX = 500;

    private static final String JOB_LINE = """
            SELECT j.id, j.kind, j.status, j.manual, j.user_id, u.email, left(j.result_message, %d) AS result_message,
                   j.attempt, j.remote_agent, j.created_at, j.started_at, j.finished_at, j.connection_id, c.alias,
                   ct.system, j.project_id, p.name AS project_name
            FROM job j
            JOIN connection c ON c.id = j.connection_id
            JOIN connector ct ON ct.id = c.connector_id
            JOIN project p ON p.id = j.project_id
            LEFT JOIN app_user u ON u.id = j.user_id
            """.formatted(MESSAGE_MAX);

    private final EntityManager entityManager;

    public OperationsQueries(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Every unfinished job of the team by status (a stuck job counts however old it is) and the jobs that ended
     * since {@code endedSince}, by how they ended.
     */
    public StatusCounts statusCounts(long teamId, Instant endedSince) {
        return work(c -> {
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT status, count(*) FROM job
                    WHERE team_id = ? AND status NOT IN %1$s GROUP BY status
                    UNION ALL
                    SELECT status, count(*) FROM job
                    WHERE team_id = ? AND finished_at IS NOT NULL AND finished_at >= ? AND status IN %1$s
                    GROUP BY status""".formatted(TERMINAL))) {
                select.setLong(1, teamId);
                select.setLong(2, teamId);
                select.setObject(3, OffsetDateTime.ofInstant(endedSince, java.time.ZoneOffset.UTC));
                Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
                for (JobStatus status : JobStatus.values()) {
                    counts.put(status, 0L);
                }
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        counts.merge(JobStatus.fromWire(rs.getString(1)), rs.getLong(2), Long::sum);
                    }
                }
                return new StatusCounts(counts, endedSince);
            }
        });
    }

    /**
     * The team's job ends in each of the last {@code minutes} minutes by the database's clock, oldest first, the
     * current (partial) minute last; a minute without ends is there with zeros.
     */
    public List<MinuteEnds> endsPerMinute(long teamId, int minutes) {
        return work(c -> {
            try (PreparedStatement select = c.prepareStatement("""
                    WITH window_start AS (SELECT date_trunc('minute', now()) - make_interval(mins => ?) AS at),
                    ends AS (
                        SELECT date_trunc('minute', finished_at) AS minute,
                               count(*) FILTER (WHERE status = 'success') AS succeeded,
                               count(*) FILTER (WHERE status IN ('failure', 'error')) AS failed,
                               count(*) FILTER (WHERE status = 'killed') AS killed
                        FROM job
                        WHERE team_id = ? AND finished_at IS NOT NULL
                          AND finished_at >= (SELECT at FROM window_start) AND status IN %s
                        GROUP BY 1)
                    SELECT m.minute, coalesce(e.succeeded, 0), coalesce(e.failed, 0), coalesce(e.killed, 0)
                    FROM generate_series((SELECT at FROM window_start), date_trunc('minute', now()),
                                         interval '1 minute') AS m (minute)
                    LEFT JOIN ends e ON e.minute = m.minute
                    ORDER BY m.minute""".formatted(TERMINAL))) {
                select.setInt(1, minutes - 1);
                select.setLong(2, teamId);
                List<MinuteEnds> ends = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        ends.add(new MinuteEnds(instant(rs, 1), rs.getInt(2), rs.getInt(3), rs.getInt(4)));
                    }
                }
                return ends;
            }
        });
    }

    /**
     * The team's scheduled, unpaused connections whose next slot is before {@code until} (overdue ones included),
     * in slot order, at most {@code limit} of them, and how many there are.
     */
    public Due dueBefore(long teamId, Instant until, int limit) {
        return work(c -> {
            String where = """
                    WHERE c.team_id = ? AND c.frequency <> 'manually' AND NOT c.schedule_paused
                      AND c.next_run IS NOT NULL AND c.next_run < ?""";
            long count;
            try (PreparedStatement select = c.prepareStatement("SELECT count(*) FROM connection c " + where)) {
                select.setLong(1, teamId);
                select.setObject(2, utc(until));
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    count = rs.getLong(1);
                }
            }
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT c.id, c.kind, c.alias, c.frequency, c.next_run, p.id, p.name, ct.system
                    FROM connection c
                    JOIN project p ON p.id = c.project_id
                    JOIN connector ct ON ct.id = c.connector_id
                    """ + where + " ORDER BY c.next_run, c.id LIMIT ?")) {
                select.setLong(1, teamId);
                select.setObject(2, utc(until));
                select.setInt(3, limit);
                List<DueConnection> due = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        due.add(new DueConnection(rs.getLong(1), ConnectionKind.fromWire(rs.getString(2)),
                                rs.getString(3), Frequency.parse(rs.getString(4)).orElseThrow(), instant(rs, 5),
                                rs.getLong(6), rs.getString(7), rs.getString(8)));
                    }
                }
                return new Due(due, count);
            }
        });
    }

    /** The database's clock: what the windows above are measured on. */
    public Instant now() {
        return work(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT now()"); ResultSet rs = select.executeQuery()) {
                rs.next();
                return instant(rs, 1);
            }
        });
    }

    /** A team's jobs matching the filter, newest first, {@code limit} of them from below {@code before} (if any). */
    public JobLines jobs(long teamId, JobFilter filter, Long before, int limit) {
        List<ConnectionKind> kinds = filter.kind() == null ? List.of(ConnectionKind.values()) : List.of(filter.kind());
        StringBuilder where = new StringBuilder(" WHERE j.team_id = ? AND j.kind = ?");
        if (filter.projectId() != null) {
            where.append(" AND j.project_id = ?");
        }
        if (filter.connectionId() != null) {
            where.append(" AND j.connection_id = ?");
        }
        if (filter.statuses() != null && !filter.statuses().isEmpty()) {
            where.append(" AND j.status = ANY (?)");
        }
        if (filter.manual() != null) {
            where.append(" AND j.manual = ?");
        }
        if (before != null) {
            where.append(" AND j.id < ?");
        }
        // One ordered index range per kind (job_team_kind_id), merged: never a sort of the team's whole history.
        StringBuilder sql = new StringBuilder("SELECT * FROM (");
        for (int i = 0; i < kinds.size(); i++) {
            sql.append(i == 0 ? "(" : " UNION ALL (").append(JOB_LINE).append(where)
                    .append(" ORDER BY j.id DESC LIMIT ?)");
        }
        sql.append(") AS page ORDER BY id DESC LIMIT ?");
        return work(c -> {
            try (PreparedStatement select = c.prepareStatement(sql.toString())) {
                int index = 1;
                for (ConnectionKind kind : kinds) {
                    select.setLong(index++, teamId);
                    select.setString(index++, kind.wire());
                    if (filter.projectId() != null) {
                        select.setLong(index++, filter.projectId());
                    }
                    if (filter.connectionId() != null) {
                        select.setLong(index++, filter.connectionId());
                    }
                    if (filter.statuses() != null && !filter.statuses().isEmpty()) {
                        select.setArray(index++, c.createArrayOf("text",
                                filter.statuses().stream().map(JobStatus::wire).toArray()));
                    }
                    if (filter.manual() != null) {
                        select.setBoolean(index++, filter.manual());
                    }
                    if (before != null) {
                        select.setLong(index++, before);
                    }
                    select.setInt(index++, limit + 1);
                }
                select.setInt(index, limit + 1);
                List<JobLine> jobs = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        jobs.add(jobLine(rs));
                    }
                }
                if (jobs.size() <= limit) {
                    return new JobLines(jobs, null);
                }
                List<JobLine> page = List.copyOf(jobs.subList(0, limit));
                return new JobLines(page, page.get(limit - 1).id());
            }
        });
    }

    /** One job of the team with its names; empty when it is not the team's or not of that kind. */
    public Optional<JobLine> job(long teamId, ConnectionKind kind, long id) {
        return work(c -> {
            try (PreparedStatement select = c.prepareStatement(
                    JOB_LINE + " WHERE j.id = ? AND j.team_id = ? AND j.kind = ?")) {
                select.setLong(1, id);
                select.setLong(2, teamId);
                select.setString(3, kind.wire());
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(jobLine(rs)) : Optional.empty();
                }
            }
        });
    }

    /** A job's runs, oldest first. */
    public List<RunLine> runs(long jobId) {
        return work(c -> {
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT id, attempt, host, process_id, run_key, status, started_at, finished_at,
                           left(stdout, ?), left(stderr, ?)
                    FROM job_run WHERE job_id = ? ORDER BY id""")) {
                select.setInt(1, OUTPUT_MAX);
                select.setInt(2, OUTPUT_MAX);
                select.setLong(3, jobId);
                List<RunLine> runs = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        runs.add(new RunLine(rs.getLong(1), rs.getInt(2), rs.getString(3),
                                rs.getObject(4, Long.class), rs.getLong(5), JobStatus.fromWire(rs.getString(6)),
                                instant(rs, 7), instant(rs, 8), rs.getString(9), rs.getString(10)));
                    }
                }
                return runs;
            }
        });
    }

    /**
     * The team's connections by id from after {@code after}, {@code limit} of them, each with its newest job and
     * its last {@value #HISTORY_MAX} outcomes: one statement, two index probes per connection
     * ({@code job_connection_id}), however many jobs each has.
     */
    public ConnectionLines connections(long teamId, ConnectionKind kind, Long projectId, Long after, int limit) {
        StringBuilder where = new StringBuilder(" WHERE c.team_id = ?");
        if (kind != null) {
            where.append(" AND c.kind = ?");
        }
        if (projectId != null) {
            where.append(" AND c.project_id = ?");
        }
        if (after != null) {
            where.append(" AND c.id > ?");
        }
        String sql = """
                SELECT c.id, c.kind, c.alias, c.frequency, c.schedule_paused, c.schedule_timezone, c.next_run,
                       c.skipped_runs, ct.system, ct.inaccessible, p.id, p.name,
                       last.id AS last_id, last.status AS last_status,
                       last.manual AS last_manual, last.user_id AS last_user_id,
                       left(last.result_message, %d) AS last_result_message, last.attempt AS last_attempt,
                       last.remote_agent AS last_remote_agent, last.created_at AS last_created_at,
                       last.started_at AS last_started_at, last.finished_at AS last_finished_at,
                       history.ids, history.statuses
                FROM connection c
                JOIN connector ct ON ct.id = c.connector_id
                JOIN project p ON p.id = c.project_id
                LEFT JOIN LATERAL (SELECT * FROM job WHERE job.connection_id = c.id ORDER BY job.id DESC LIMIT 1)
                    AS last ON true
                LEFT JOIN LATERAL (
                    SELECT array_agg(h.id ORDER BY h.id) AS ids, array_agg(h.status ORDER BY h.id) AS statuses
                    FROM (SELECT id, status FROM job WHERE job.connection_id = c.id AND status IN %s
                          ORDER BY id DESC LIMIT %d) AS h) AS history ON true
                """.formatted(MESSAGE_MAX, TERMINAL, HISTORY_MAX) + where + " ORDER BY c.id LIMIT ?";
        return work(c -> {
            try (PreparedStatement select = c.prepareStatement(sql)) {
                int index = 1;
                select.setLong(index++, teamId);
                if (kind != null) {
                    select.setString(index++, kind.wire());
                }
                if (projectId != null) {
                    select.setLong(index++, projectId);
                }
                if (after != null) {
                    select.setLong(index++, after);
                }
                select.setInt(index, limit + 1);
                List<ConnectionLine> lines = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        lines.add(connectionLine(rs));
                    }
                }
                if (lines.size() <= limit) {
                    return new ConnectionLines(lines, null);
                }
                List<ConnectionLine> page = List.copyOf(lines.subList(0, limit));
                return new ConnectionLines(page, page.get(limit - 1).id());
            }
        });
    }

    /** Rows waiting in the outbox (of every team: one relay publishes them all), the oldest one's age, rows set aside. */
    public OutboxBacklog outbox() {
        return work(c -> {
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT (SELECT count(*) FROM outbox),
                           (SELECT extract(epoch FROM now() - min(created_at)) FROM outbox),
                           (SELECT count(*) FROM outbox_dead_letter)""");
                    ResultSet rs = select.executeQuery()) {
                rs.next();
                double oldest = rs.getDouble(2);
                return new OutboxBacklog(rs.getLong(1), rs.wasNull() ? null : oldest, rs.getLong(3));
            }
        });
    }

    private static ConnectionLine connectionLine(ResultSet rs) throws SQLException {
        long id = rs.getLong(1);
        ConnectionKind kind = ConnectionKind.fromWire(rs.getString(2));
        String alias = rs.getString(3);
        String system = rs.getString(9);
        long projectId = rs.getLong(11);
        String projectName = rs.getString(12);
        JobLine last = null;
        long lastId = rs.getLong("last_id");
        if (!rs.wasNull()) {
            last = new JobLine(lastId, kind, JobStatus.fromWire(rs.getString("last_status")),
                    rs.getBoolean("last_manual"), rs.getObject("last_user_id", Long.class), null,
                    rs.getString("last_result_message"), rs.getInt("last_attempt"),
                    rs.getBoolean("last_remote_agent"), instant(rs, "last_created_at"),
                    instant(rs, "last_started_at"), instant(rs, "last_finished_at"), id, alias, system, projectId,
                    projectName);
        }
        List<Outcome> history = new ArrayList<>();
        Long[] ids = array(rs.getArray("ids"), Long[].class);
        String[] statuses = array(rs.getArray("statuses"), String[].class);
        for (int i = 0; i < ids.length; i++) {
            history.add(new Outcome(ids[i], JobStatus.fromWire(statuses[i])));
        }
        return new ConnectionLine(id, kind, alias, Frequency.parse(rs.getString(4)).orElseThrow(), rs.getBoolean(5),
                rs.getString(6), instant(rs, 7), rs.getInt(8), system, rs.getBoolean(10), projectId, projectName,
                last, history);
    }

    @SuppressWarnings("unchecked")
    private static <T> T[] array(Array array, Class<T[]> type) throws SQLException {
        if (array == null) {
            return (T[]) java.lang.reflect.Array.newInstance(type.getComponentType(), 0);
        }
        Object[] values = (Object[]) array.getArray();
        return Arrays.copyOf(values, values.length, type);
    }

    private static JobLine jobLine(ResultSet rs) throws SQLException {
        return new JobLine(rs.getLong("id"), ConnectionKind.fromWire(rs.getString("kind")),
                JobStatus.fromWire(rs.getString("status")), rs.getBoolean("manual"),
                rs.getObject("user_id", Long.class), rs.getString("email"), rs.getString("result_message"),
                rs.getInt("attempt"), rs.getBoolean("remote_agent"), instant(rs, "created_at"),
                instant(rs, "started_at"), instant(rs, "finished_at"), rs.getLong("connection_id"),
                rs.getString("alias"), rs.getString("system"), rs.getLong("project_id"), rs.getString("project_name"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, java.time.ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
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
