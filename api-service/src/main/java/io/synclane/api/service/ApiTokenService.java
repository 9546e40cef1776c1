package io.synclane.api.service;

import io.synclane.common.domain.ApiKeys;
import io.synclane.common.domain.ApiToken;
import io.synclane.common.domain.AppUser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * API tokens of a user. The key is made here, returned once in the answer to its creation, and stored
 * only as its digest. A user manages its own tokens; its team's admins manage them too.
 */
@ApplicationScoped
public class ApiTokenService {
    private final Event<ActorsChanged> actorsChanged;
    public record TokenInput(String name) {
    }

    /** A token just made, with the only copy of its key. */
    public record NewToken(ApiToken token, String key) {
    }

    private final UserService users;

    public ApiTokenService(UserService users, Event<ActorsChanged> actorsChanged) {
        this.actorsChanged = actorsChanged;
        this.users = users;
    }

    public List<ApiToken> list(Actor caller, long userId) {
        AppUser owner = owner(caller, userId);
        return ApiToken.list("userId = ?1 order by id", owner.id);
    }

    @Transactional
    public NewToken create(Actor caller, long userId, TokenInput input) {
        AppUser owner = owner(caller, userId);
        Texts.bounded("name", input == null ? null : input.name(), Texts.NAME_MAX);
        String key = ApiKeys.generate();
        ApiToken token = new ApiToken();
        token.userId = owner.id;
        token.keyHash = ApiKeys.digest(key);
        token.keyPrefix = ApiKeys.prefix(key);
        token.name = input == null || input.name() == null ? "" : input.name().trim();
        token.persist();
        return new NewToken(token, key);
    }

    @Transactional
    public void revoke(Actor caller, long userId, long tokenId) {
        AppUser owner = owner(caller, userId);
        long deleted = ApiToken.delete("id = ?1 and userId = ?2", tokenId, owner.id);
        if (deleted == 0) {
            throw new NotFound();
        }
        actorsChanged.fire(ActorsChanged.INSTANCE);
    }

    private AppUser owner(Actor caller, long userId) {
        AppUser owner = users.get(caller, userId);
        if (!owner.id.equals(caller.userId()) && !caller.managesTeam(owner.teamId)) {
            throw new Forbidden();
        }
        return owner;
    }
}
