package io.synclane.common.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A team's application or product, with its list of security tasks. */
@Entity
@Table(name = "project")
public class Project extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "team_id")
    public Long teamId;

    public String name;

    public String description = "";

    /** The built-in catalogue its tasks came from, if any. */
    public String profile;

    @Column(name = "created_at", updatable = false)
    public Instant createdAt = Instant.now();

    @Column(name = "updated_at")
    public Instant updatedAt = Instant.now();

    /** The project when it belongs to the team, else null: another team's project does not exist. */
    public static Project findForTeam(long id, long teamId) {
        return find("id = ?1 and teamId = ?2", id, teamId).firstResult();
    }
}
