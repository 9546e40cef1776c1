package io.synclane.api.service;

import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.Connector;
import io.synclane.common.domain.Systems;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** A team's ALM and analysis connectors. Changing them needs that side's edit permission. */
@ApplicationScoped
public class ConnectorService {
    public record SystemRef(String id) {
    }

    /** What a client sends; null fields are left as they are on PATCH. */
    public record ConnectorInput(String name, SystemRef system, Boolean inaccessible, Map<String, Object> params) {
    }

    public Page<Connector> list(long teamId, ConnectionKind kind, PageRequest page) {
        return Page.of(Connector.find("teamId = ?1 and kind = ?2 order by id", teamId, kind), page);
    }

    public Connector get(long teamId, ConnectionKind kind, long id) {
        Connector connector = Connector.findForTeam(id, teamId, kind);
        if (connector == null) {
            throw new NotFound();
        }
        return connector;
    }

    @Transactional
    public Connector create(Actor caller, ConnectionKind kind, ConnectorInput input) {
        caller.requireEdit(kind);
        if (input == null || input.name() == null || input.name().isBlank()) {
            throw InvalidField.required("name");
        }
        if (input.params() == null) {
            throw InvalidField.required("params");
        }
        Texts.bounded("name", input.name(), Texts.NAME_MAX);
        Params.check("params", input.params());
        Connector connector = new Connector();
        connector.teamId = caller.teamId();
        connector.kind = kind;
        connector.name = input.name().trim();
        connector.system = systemId(kind, input.system());
        connector.inaccessible = Boolean.TRUE.equals(input.inaccessible());
        connector.params = new HashMap<>(input.params());
        connector.persist();
        return connector;
    }

    @Transactional
    public Connector update(Actor caller, ConnectionKind kind, long id, ConnectorInput input) {
        Connector connector = get(caller.teamId(), kind, id);
        caller.requireEdit(kind);
        Texts.bounded("name", input.name(), Texts.NAME_MAX);
        Params.check("params", input.params());
        if (input.name() != null) {
            if (input.name().isBlank()) {
                throw InvalidField.blank("name");
            }
            connector.name = input.name().trim();
        }
        if (input.system() != null) {
            connector.system = systemId(kind, input.system());
        }
        if (input.inaccessible() != null) {
            connector.inaccessible = input.inaccessible();
        }
        if (input.params() != null) {
            connector.params = new HashMap<>(input.params());
        }
        connector.updatedAt = Instant.now();
        return connector;
    }

    @Transactional
    public void delete(Actor caller, ConnectionKind kind, long id) {
        Connector connector = get(caller.teamId(), kind, id);
        caller.requireEdit(kind);
        connector.delete();
    }

    static String systemId(ConnectionKind kind, SystemRef system) {
        if (system == null || system.id() == null) {
            throw InvalidField.required("system");
        }
        Texts.bounded("system", system.id(), Texts.NAME_MAX);
        return Systems.find(kind, system.id())
                .orElseThrow(() -> new InvalidField("system", "Unknown " + kind.wire() + " system \"" + system.id()
                        + "\"; known: " + Systems.of(kind).stream().map(Systems.SystemInfo::id).toList() + "."))
                .id();
    }
}
