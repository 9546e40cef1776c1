package io.synclane.api.service;

import io.synclane.common.domain.Team;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

/**
 * Teams: the boundary of visibility. A user sees its own team; the operator's superuser sees and creates
 * every team and alone grants the advanced-ALM feature (it is a licensing decision, not a team's own).
 */
@ApplicationScoped
public class TeamService {
    private final Event<ActorsChanged> actorsChanged;

    public TeamService(Event<ActorsChanged> actorsChanged) {
        this.actorsChanged = actorsChanged;
    }

    /** What a client sends; null fields are left as they are on PATCH. */
    public record TeamInput(String name, Boolean advancedAlm) {
    }

    public Page<Team> list(Actor caller, PageRequest page) {
        if (caller.superuser()) {
            return Page.of(Team.find("order by id"), page);
        }
        return Page.of(Team.find("id = ?1", caller.teamId()), page);
    }

    public Team get(Actor caller, long id) {
        Team team = Team.findById(id);
        if (team == null || !(caller.superuser() || caller.teamId() == id)) {
            throw new NotFound();
        }
        return team;
    }

    @Transactional
    public Team create(Actor caller, TeamInput input) {
        if (!caller.superuser()) {
            throw new Forbidden();
        }
        if (input == null || input.name() == null || input.name().isBlank()) {
            throw InvalidField.required("name");
        }
        Team team = new Team();
        team.name = uniqueName(input.name(), null);
        team.advancedAlm = Boolean.TRUE.equals(input.advancedAlm());
        team.persist();
        return team;
    }

    @Transactional
    public Team update(Actor caller, long id, TeamInput input) {
        Team team = get(caller, id);
        caller.requireManages(id);
        if (input.advancedAlm() != null && input.advancedAlm() != team.advancedAlm) {
            if (!caller.superuser()) {
                throw new Forbidden();
            }
            team.advancedAlm = input.advancedAlm();
        }
        if (input.name() != null) {
            if (input.name().isBlank()) {
                throw InvalidField.blank("name");
            }
            team.name = uniqueName(input.name(), team.id);
        }
        return team;
    }

    /** Deleting a team deletes everything it owns; the operator's own team cannot go. */
    @Transactional
    public void delete(Actor caller, long id) {
        Team team = get(caller, id);
        if (!caller.superuser()) {
            throw new Forbidden();
        }
        if (caller.teamId() == id) {
            throw new InvalidField("id", "The team you belong to cannot be deleted.");
        }
        team.delete();
        actorsChanged.fire(ActorsChanged.INSTANCE);
    }

    private static String uniqueName(String name, Long self) {
        String trimmed = Texts.bounded("name", name, Texts.NAME_MAX).trim();
        Team existing = Team.findByName(trimmed);
        if (existing != null && !existing.id.equals(self)) {
            throw new InvalidField("name", "A team with this name already exists.");
        }
        return trimmed;
    }
}
