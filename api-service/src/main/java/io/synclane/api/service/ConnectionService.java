package io.synclane.api.service;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.synclane.common.domain.Connection;
import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.Connector;
import io.synclane.common.domain.Frequency;
import io.synclane.common.domain.Project;
import io.synclane.common.domain.Team;
import io.synclane.common.job.JobQueries;
import io.synclane.common.job.JobQueries.JobRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Connections bind a connector to a project; changing them needs that side's edit permission. */
@ApplicationScoped
public class ConnectionService {
    private final JobQueries jobQueries;

    public ConnectionService(JobQueries jobQueries) {
        this.jobQueries = jobQueries;
    }

    /** What a client sends; null fields are left as they are on PATCH. */
    public record ConnectionInput(String alias, Long connector, Long project, String frequency, Boolean debugMode,
            Map<String, Object> params, String scheduleTimezone, Integer scheduleMinute, Integer scheduleHour,
            Integer scheduleDay, Boolean schedulePaused) {
        public static ConnectionInput empty() {
            return new ConnectionInput(null, null, null, null, null, null, null, null, null, null, null);
        }
    }

    public Page<Connection> list(long teamId, ConnectionKind kind, Long projectId, PageRequest page) {
        // The connector is fetched with each connection: the views show its system.
        PanacheQuery<Connection> query = projectId == null
                ? Connection.find("from Connection c join fetch c.connector where c.teamId = ?1 and c.kind = ?2"
                        + " order by c.id", teamId, kind)
                : Connection.find("from Connection c join fetch c.connector where c.teamId = ?1 and c.kind = ?2"
                        + " and c.projectId = ?3 order by c.id", teamId, kind, projectId);
        return Page.of(query, page);
    }

    public Connection get(long teamId, ConnectionKind kind, long id) {
        Connection connection = Connection.findForTeam(id, teamId, kind);
        if (connection == null) {
            throw new NotFound();
        }
        return connection;
    }

    /** The team's connections of these ids with their connectors, in one query; unknown ids are left out. */
    public Map<Long, Connection> getAll(long teamId, ConnectionKind kind, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        List<Connection> found = Connection.list("from Connection c join fetch c.connector"
                + " where c.teamId = ?1 and c.kind = ?2 and c.id in ?3", teamId, kind, ids);
        return found.stream().collect(Collectors.toMap(c -> c.id, c -> c));
    }

    /** The newest job of each connection (for {@code last_job} and {@code in_progress}), in one query. */
    public Map<Long, JobRow> lastJobs(Collection<Connection> connections) {
        return jobQueries.lastJobs(connections.stream().map(c -> c.id).toList());
    }

    @Transactional
    public Connection create(Actor caller, ConnectionKind kind, ConnectionInput input) {
        caller.requireEdit(kind);
        if (input == null || input.alias() == null || input.alias().isBlank()) {
            throw InvalidField.required("alias");
        }
        if (input.connector() == null) {
            throw InvalidField.required("connector");
        }
        if (input.project() == null) {
            throw InvalidField.required("project");
        }
        if (input.params() == null) {
            throw InvalidField.required("params");
        }
        checkTexts(input);
        Connection connection = new Connection();
        connection.teamId = caller.teamId();
        connection.kind = kind;
        connection.alias = input.alias().trim();
        connection.connector = connector(caller.teamId(), kind, input.connector());
        connection.projectId = project(caller.teamId(), input.project());
        connection.frequency = frequency(caller.teamId(), input.frequency() == null ? "manually" : input.frequency());
        connection.debugMode = Boolean.TRUE.equals(input.debugMode());
        connection.params = new HashMap<>(input.params());
        connection.persist();
        // Connections that do not say when in the hour they run are spread over it, not all fired at :00.
        connection.scheduleMinute = input.scheduleMinute() == null ? (int) Math.floorMod(connection.id * 37, 60)
                : connection.scheduleMinute;
        applySchedule(connection, input);
        return connection;
    }

    @Transactional
    public Connection update(Actor caller, ConnectionKind kind, long id, ConnectionInput input) {
        Connection connection = get(caller.teamId(), kind, id);
        caller.requireEdit(kind);
        checkTexts(input);
        if (input.alias() != null) {
            if (input.alias().isBlank()) {
                throw InvalidField.blank("alias");
            }
            connection.alias = input.alias().trim();
        }
        if (input.connector() != null) {
            connection.connector = connector(caller.teamId(), kind, input.connector());
        }
        if (input.project() != null) {
            connection.projectId = project(caller.teamId(), input.project());
        }
        if (input.frequency() != null) {
            connection.frequency = frequency(caller.teamId(), input.frequency());
        }
        if (input.debugMode() != null) {
            connection.debugMode = input.debugMode();
        }
        if (input.params() != null) {
            connection.params = new HashMap<>(input.params());
        }
        applySchedule(connection, input);
        connection.updatedAt = Instant.now();
        return connection;
    }

    @Transactional
    public void delete(Actor caller, ConnectionKind kind, long id) {
        Connection connection = get(caller.teamId(), kind, id);
        caller.requireEdit(kind);
        connection.delete();
    }

    /** A connection's texts and params, before any is looked up or stored. */
    private static void checkTexts(ConnectionInput input) {
        Texts.bounded("alias", input.alias(), Texts.NAME_MAX);
        Texts.bounded("frequency", input.frequency(), Texts.NAME_MAX);
        Texts.bounded("scheduleTimezone", input.scheduleTimezone(), Texts.NAME_MAX);
        Params.check("params", input.params());
    }

    /** Schedule fields, validated and applied; the next run is planned from now. */
    private static void applySchedule(Connection connection, ConnectionInput input) {
        if (input.scheduleTimezone() != null) {
            try {
                ZoneId.of(input.scheduleTimezone());
            } catch (DateTimeException e) {
                throw new InvalidField("scheduleTimezone", "Unknown time zone \"" + input.scheduleTimezone() + "\".");
            }
            connection.scheduleTimezone = input.scheduleTimezone();
        }
        connection.scheduleMinute = within("scheduleMinute", input.scheduleMinute(), 0, 59, connection.scheduleMinute);
        connection.scheduleHour = within("scheduleHour", input.scheduleHour(), 0, 23, connection.scheduleHour);
        connection.scheduleDay = within("scheduleDay", input.scheduleDay(), 1, 28, connection.scheduleDay);
        if (input.schedulePaused() != null) {
            connection.schedulePaused = input.schedulePaused();
        }
        connection.planNextRun(Instant.now());
    }

    private static int within(String field, Integer value, int min, int max, int current) {
        if (value == null) {
            return current;
        }
        if (value < min || value > max) {
            throw InvalidField.outOfRange(field, min, max);
        }
        return value;
    }

    private static Connector connector(long teamId, ConnectionKind kind, long id) {
        Connector connector = Connector.findForTeam(id, teamId, kind);
        if (connector == null) {
            throw InvalidField.unknownReference("connector", id);
        }
        return connector;
    }

    private static long project(long teamId, long id) {
        if (Project.findForTeam(id, teamId) == null) {
            throw InvalidField.unknownReference("project", id);
        }
        return id;
    }

    /** Any frequency but {@code manually} needs the team's advanced-ALM feature. */
    private static Frequency frequency(long teamId, String value) {
        Frequency frequency = Frequency.parse(value).orElseThrow(() -> new InvalidField("frequency",
                "\"" + value + "\" is not a valid choice; choose one of "
                        + Arrays.stream(Frequency.values()).map(Frequency::wire).toList() + "."));
        Team team = Team.findById(teamId);
        if (frequency != Frequency.MANUALLY && !team.advancedAlm) {
            throw new InvalidField("frequency",
                    "Only \"manually\" is available without the advanced ALM feature.");
        }
        return frequency;
    }
}
