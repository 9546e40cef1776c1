package io.synclane.api.service;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.synclane.common.domain.AppUser;
import io.synclane.common.domain.Connection;
import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.Connector;
import io.synclane.common.domain.Frequency;
import io.synclane.common.domain.Job;
import io.synclane.common.domain.Project;
import io.synclane.common.domain.Team;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Connections bind a connector to a project; changing them needs that side's edit permission. */
@ApplicationScoped
public class ConnectionService {
    /** What a client sends; null fields are left as they are on PATCH. */
    public record ConnectionInput(String alias, Long connector, Long project, String frequency, Boolean debugMode,
            Map<String, Object> params) {
    }

    public Page<Connection> list(long teamId, ConnectionKind kind, Long projectId, PageRequest page) {
        PanacheQuery<Connection> query = projectId == null
                ? Connection.find("teamId = ?1 and kind = ?2 order by id", teamId, kind)
                : Connection.find("teamId = ?1 and kind = ?2 and projectId = ?3 order by id", teamId, kind, projectId);
        return Page.of(query, page);
    }

    public Connection get(long teamId, ConnectionKind kind, long id) {
        Connection connection = Connection.findForTeam(id, teamId, kind);
        if (connection == null) {
            throw new NotFound();
        }
        return connection;
    }

    /** The newest job of the connection, for {@code ?include=last_job}. */
    public Job lastJob(Connection connection) {
        return Job.find("connectionId = ?1 order by id desc", connection.id).firstResult();
    }

    @Transactional
    public Connection create(AppUser caller, ConnectionKind kind, ConnectionInput input) {
        ConnectorService.requireEdit(caller, kind);
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
        Connection connection = new Connection();
        connection.teamId = caller.teamId;
        connection.kind = kind;
        connection.alias = input.alias().trim();
        connection.connector = connector(caller.teamId, kind, input.connector());
        connection.projectId = project(caller.teamId, input.project());
        connection.frequency = frequency(caller.teamId, input.frequency() == null ? "manually" : input.frequency());
        connection.debugMode = Boolean.TRUE.equals(input.debugMode());
        connection.params = new HashMap<>(input.params());
        connection.persist();
        return connection;
    }

    @Transactional
    public Connection update(AppUser caller, ConnectionKind kind, long id, ConnectionInput input) {
        Connection connection = get(caller.teamId, kind, id);
        ConnectorService.requireEdit(caller, kind);
        if (input.alias() != null) {
            if (input.alias().isBlank()) {
                throw new InvalidField("alias", "This field may not be blank.");
            }
            connection.alias = input.alias().trim();
        }
        if (input.connector() != null) {
            connection.connector = connector(caller.teamId, kind, input.connector());
        }
        if (input.project() != null) {
            connection.projectId = project(caller.teamId, input.project());
        }
        if (input.frequency() != null) {
            connection.frequency = frequency(caller.teamId, input.frequency());
        }
        if (input.debugMode() != null) {
            connection.debugMode = input.debugMode();
        }
        if (input.params() != null) {
            connection.params = new HashMap<>(input.params());
        }
        connection.updatedAt = Instant.now();
        return connection;
    }

    @Transactional
    public void delete(AppUser caller, ConnectionKind kind, long id) {
        Connection connection = get(caller.teamId, kind, id);
        ConnectorService.requireEdit(caller, kind);
        connection.delete();
    }

    private static Connector connector(long teamId, ConnectionKind kind, long id) {
        Connector connector = Connector.findForTeam(id, teamId, kind);
        if (connector == null) {
            throw new InvalidField("connector", "Invalid pk \"" + id + "\" - object does not exist.");
        }
        return connector;
    }

    private static long project(long teamId, long id) {
        if (Project.findForTeam(id, teamId) == null) {
            throw new InvalidField("project", "Invalid pk \"" + id + "\" - object does not exist.");
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
