package io.synclane.api.service;

import io.synclane.common.domain.AppUser;
import io.synclane.common.domain.ConnectionKind;

/**
 * Who acts, whatever face the request came through: the caller's team and user and what they may do. The
 * permission rules are written here, once; services refuse with {@link Forbidden} when a check fails.
 */
public record Actor(long teamId, long userId, boolean admin, boolean superuser, boolean canEditAlmConnections,
        boolean canEditAnalysisConnections) {

    public static Actor of(AppUser user) {
        return new Actor(user.teamId, user.id, user.admin, user.superuser, user.canEditAlmConnections,
                user.canEditAnalysisConnections);
    }

    /** Admins hold every permission; others hold the edit permission of one side or both. */
    public boolean canEditConnections(ConnectionKind kind) {
        return admin || (kind == ConnectionKind.ALM ? canEditAlmConnections : canEditAnalysisConnections);
    }

    /** May manage the users and tokens of that team. */
    public boolean managesTeam(long team) {
        return superuser || (admin && teamId == team);
    }

    /** Refuses a change of that side's connectors or connections without its edit permission. */
    public void requireEdit(ConnectionKind kind) {
        if (!canEditConnections(kind)) {
            throw new Forbidden();
        }
    }

    /** Refuses managing users and tokens of another team, or of its own without being its admin. */
    public void requireManages(long team) {
        if (!managesTeam(team)) {
            throw new Forbidden();
        }
    }
}
