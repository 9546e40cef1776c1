package io.synclane.api.service;

import io.synclane.common.domain.AppUser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The users of a team and what they may edit. Everyone sees the users of their own team; a team's
 * admins (and the operator's superuser) add, change and remove them.
 */
@ApplicationScoped
public class UserService {
    public static final String EDIT_ALM = "edit_alm_connections";
    public static final String EDIT_ANALYSIS = "edit_analysis_connections";
    private static final Set<String> PERMISSIONS = Set.of(EDIT_ALM, EDIT_ANALYSIS);
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");

    /** What a client sends; null fields are left as they are on PATCH. {@code team} only for the superuser. */
    public record UserInput(String email, String name, Long team, Boolean isAdmin, List<String> permissions) {
    }

    private final TeamService teams;
    private final Event<ActorsChanged> actorsChanged;

    public UserService(TeamService teams, Event<ActorsChanged> actorsChanged) {
        this.actorsChanged = actorsChanged;
        this.teams = teams;
    }

    public Page<AppUser> list(Actor caller, Long teamId, PageRequest page) {
        long team = teamId == null ? caller.teamId() : team(caller, teamId);
        return Page.of(AppUser.find("teamId = ?1 order by id", team), page);
    }

    public AppUser get(Actor caller, long id) {
        AppUser user = AppUser.findById(id);
        if (user == null || !(caller.superuser() || user.teamId == caller.teamId())) {
            throw new NotFound();
        }
        return user;
    }

    @Transactional
    public AppUser create(Actor caller, UserInput input) {
        if (input == null || input.email() == null || input.email().isBlank()) {
            throw InvalidField.required("email");
        }
        long teamId = input.team() == null ? caller.teamId() : team(caller, input.team());
        caller.requireManages(teamId);
        Texts.bounded("name", input.name(), Texts.NAME_MAX);
        AppUser user = new AppUser();
        user.teamId = teamId;
        user.email = uniqueEmail(input.email(), null);
        user.name = input.name() == null ? "" : input.name().trim();
        user.admin = Boolean.TRUE.equals(input.isAdmin());
        applyPermissions(user, input.permissions() == null ? List.of() : input.permissions());
        user.persist();
        return user;
    }

    @Transactional
    public AppUser update(Actor caller, long id, UserInput input) {
        AppUser user = get(caller, id);
        caller.requireManages(user.teamId);
        if (input.team() != null && !input.team().equals(user.teamId)) {
            throw new InvalidField("team", "A user cannot move to another team.");
        }
        Texts.bounded("name", input.name(), Texts.NAME_MAX);
        if (input.email() != null) {
            user.email = uniqueEmail(input.email(), user.id);
        }
        if (input.name() != null) {
            user.name = input.name().trim();
        }
        if (input.isAdmin() != null) {
            if (user.id.equals(caller.userId()) && !input.isAdmin()) {
                throw new InvalidField("isAdmin", "You cannot remove your own admin role.");
            }
            user.admin = input.isAdmin();
        }
        if (input.permissions() != null) {
            applyPermissions(user, input.permissions());
        }
        actorsChanged.fire(ActorsChanged.INSTANCE);
        return user;
    }

    @Transactional
    public void delete(Actor caller, long id) {
        AppUser user = get(caller, id);
        caller.requireManages(user.teamId);
        if (user.id.equals(caller.userId())) {
            throw new InvalidField("id", "You cannot delete yourself.");
        }
        user.delete();
        actorsChanged.fire(ActorsChanged.INSTANCE);
    }

    /** The wire names of the permissions a user holds. */
    public static List<String> permissions(AppUser user) {
        return PERMISSIONS.stream().sorted()
                .filter(p -> p.equals(EDIT_ALM) ? user.canEditAlmConnections : user.canEditAnalysisConnections)
                .toList();
    }

    private static void applyPermissions(AppUser user, List<String> permissions) {
        for (String permission : permissions) {
            Texts.bounded("permissions", permission, Texts.NAME_MAX);
            if (permission == null || !PERMISSIONS.contains(permission)) {
                throw new InvalidField("permissions", "Unknown permission \"" + permission + "\"; known: "
                        + PERMISSIONS.stream().sorted().toList() + ".");
            }
        }
        user.canEditAlmConnections = permissions.contains(EDIT_ALM);
        user.canEditAnalysisConnections = permissions.contains(EDIT_ANALYSIS);
    }

    /** A team the caller sees, named in a body or a filter: another team's (or none) answers 404, as its id does. */
    private long team(Actor caller, long teamId) {
        return teams.get(caller, teamId).id;
    }

    private static String uniqueEmail(String email, Long self) {
        String normalized = email.trim().toLowerCase(Locale.ROOT);
        if (normalized.length() > 254 || !EMAIL.matcher(normalized).matches() || !Texts.isStorable(normalized)) {
            throw new InvalidField("email", "Enter a valid email address.");
        }
        AppUser existing = AppUser.findByEmail(normalized);
        if (existing != null && !existing.id.equals(self)) {
            throw new InvalidField("email", "A user with this email already exists.");
        }
        return normalized;
    }
}
