package io.synclane.common.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A connector bound to one project, with its own params and how often it syncs. */
@Entity
@Table(name = "connection")
public class Connection extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "team_id")
    public Long teamId;

    @Column(name = "project_id")
    public Long projectId;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "connector_id")
    public Connector connector;

    public ConnectionKind kind;

    public String alias;

    public Frequency frequency = Frequency.MANUALLY;

    @Column(name = "debug_mode")
    public boolean debugMode;

    /** Own params; they override the connector's (see {@link #effectiveParams()}). */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> params = new HashMap<>();

    @Column(name = "created_at", updatable = false)
    public Instant createdAt = Instant.now();

    @Column(name = "updated_at")
    public Instant updatedAt = Instant.now();

    /** The params a run uses: the connector's, overridden key by key by the connection's own. */
    public Map<String, Object> effectiveParams() {
        Map<String, Object> merged = new HashMap<>(connector.params);
        merged.putAll(params);
        return merged;
    }

    public String command() {
        return kind.command(connector.system);
    }

    public static Connection findForTeam(long id, long teamId, ConnectionKind kind) {
        return find("id = ?1 and teamId = ?2 and kind = ?3", id, teamId, kind).firstResult();
    }
}
