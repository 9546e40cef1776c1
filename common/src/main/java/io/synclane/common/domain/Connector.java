package io.synclane.common.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A system's shared settings (server, credentials) that a team's connections reuse. */
@Entity
@Table(name = "connector")
public class Connector extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "team_id")
    public Long teamId;

    public ConnectionKind kind;

    public String name;

    /** The system id, e.g. {@code github} or {@code sarif} (see {@link Systems}). */
    public String system;

    /** Run by a remote agent inside the customer's network, never by internal workers. */
    public boolean inaccessible;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> params = new HashMap<>();

    @Column(name = "created_at", updatable = false)
    public Instant createdAt = Instant.now();

    @Column(name = "updated_at")
    public Instant updatedAt = Instant.now();

    public static Connector findForTeam(long id, long teamId, ConnectionKind kind) {
        return find("id = ?1 and teamId = ?2 and kind = ?3", id, teamId, kind).firstResult();
    }
}
