package io.synclane.common.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A person or robot of one team; what it may edit is decided by its permissions. */
@Entity
@Table(name = "app_user")
public class AppUser extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "team_id")
    public Long teamId;

    public String email;

    public String name = "";

    /** Manages the users and tokens of its own team. */
    @Column(name = "is_admin")
    public boolean admin;

    /** The operator's bootstrap admin: creates teams and grants their features. Never set through the API. */
    @Column(name = "is_superuser")
    public boolean superuser;

    @Column(name = "can_edit_alm_connections")
    public boolean canEditAlmConnections;

    @Column(name = "can_edit_analysis_connections")
    public boolean canEditAnalysisConnections;

    /** Admins hold every permission; others hold the edit permission of one side or both. */
    public boolean canEditConnections(ConnectionKind kind) {
        return admin || (kind == ConnectionKind.ALM ? canEditAlmConnections : canEditAnalysisConnections);
    }

    /** May manage the users and tokens of that team. */
    public boolean managesTeam(long teamId) {
        return superuser || (admin && this.teamId == teamId);
    }

    public static AppUser findByEmail(String email) {
        return find("email", email).firstResult();
    }
}
