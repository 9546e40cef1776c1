package io.synclane.api.testing;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.synclane.common.domain.ApiKeys;
import io.synclane.common.domain.ApiToken;
import io.synclane.common.domain.AppUser;
import io.synclane.common.domain.Team;
import java.util.UUID;

/** Teams, users and tokens for tests, written straight to the database. */
public final class Accounts {
    /** The token of the admin that api-service bootstraps from {@code synclane.admin-token}. */
    public static final String ADMIN = "test-admin-token-0123456789";

    public record Account(long teamId, long userId, String token, String email) {
        public String header() {
            return "Token " + token;
        }

        /** The DCI face's login: HTTP Basic with the user's email and API key. */
        public String basic() {
            return "Basic " + java.util.Base64.getEncoder().encodeToString(
                    (email + ":" + token).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private Accounts() {
    }

    /** A user in a new team of its own. */
    public static Account newTeamUser(boolean advancedAlm, boolean editAlm, boolean editAnalysis) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Team team = new Team();
            team.name = "team-" + UUID.randomUUID();
            team.advancedAlm = advancedAlm;
            team.persist();
            return user(team.id, editAlm, editAnalysis);
        });
    }

    /** An admin of a new team of its own (manages the team's users and tokens; not the operator's superuser). */
    public static Account newTeamAdmin() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Team team = new Team();
            team.name = "team-" + UUID.randomUUID();
            team.persist();
            Account account = user(team.id, false, false);
            AppUser.<AppUser>findById(account.userId()).admin = true;
            return account;
        });
    }

    /** Another user in an existing team. */
    public static Account userOf(long teamId, boolean editAlm, boolean editAnalysis) {
        return QuarkusTransaction.requiringNew().call(() -> user(teamId, editAlm, editAnalysis));
    }

    private static Account user(long teamId, boolean editAlm, boolean editAnalysis) {
        AppUser user = new AppUser();
        user.teamId = teamId;
        user.email = UUID.randomUUID() + "@example.test";
        user.canEditAlmConnections = editAlm;
        user.canEditAnalysisConnections = editAnalysis;
        user.persist();
        String key = ApiKeys.generate();
        ApiToken token = new ApiToken();
        token.userId = user.id;
        token.keyHash = ApiKeys.digest(key);
        token.keyPrefix = ApiKeys.prefix(key);
        token.persist();
        return new Account(teamId, user.id, key, user.email);
    }
}
