package io.synclane.api.service;

import io.synclane.common.domain.AppUser;
import io.synclane.common.domain.ConnectionKind;

/**
 * Who acts, whatever face the request came through: the caller's team and user and what they may do, or a remote
 * agent of a team ({@code remoteciId} set, no user). The permission rules are written here, once; services refuse
 * with {@link Forbidden} when a check fails.
 */
public record Actor(long teamId, long userId, boolean admin, boolean superuser, boolean canEditAlmConnections,
        boolean canEditAnalysisConnections, Long remoteciId) {

    /** A user. */
    public Actor(long teamId, long userId, boolean admin, boolean superuser, boolean canEditAlmConnections,
            boolean canEditAnalysisConnections) {
        this(teamId, userId, admin, superuser, canEditAlmConnections, canEditAnalysisConnections, null);
    }

    /** A remote agent of the team: it runs jobs, and holds no user's permissions. */
    public static Actor agent(long teamId, long remoteciId) {
        return new Actor(teamId, 0, false, false, false, false, remoteciId);
    }

    public boolean isAgent() {
        return remoteciId != null;
    }

    /** The user acting, null for an agent (a job it makes names no user). */
    public Long userIdOrNull() {
        return isAgent() ? null : userId;
    }

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
