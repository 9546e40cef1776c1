package io.synclane.api.face.sde;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.synclane.api.testing.Accounts;
import io.synclane.api.testing.Fixtures;
import io.synclane.api.testing.Accounts.Account;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Teams, their users and the users' API tokens: who may do what, and that no team sees another. */
@QuarkusTest
class TeamUserTokenResourceTest {
    private static final String SUPERUSER = "Token " + Accounts.ADMIN;

    @Test
    void theOperatorCreatesATeamWhoseAdminThenWorksWithATokenOfItsOwn() {
        String teamName = "appsec-" + UUID.randomUUID();
        int team = send(SUPERUSER, "post", "/api/v2/teams/", """
                {"name": "%s", "advanced_alm": true}""".formatted(teamName))
                .statusCode(201).body("name", equalTo(teamName)).body("advanced_alm", equalTo(true))
                .extract().path("id");
        String email = "lead-" + UUID.randomUUID() + "@example.test";
        int admin = send(SUPERUSER, "post", "/api/v2/users/", """
                {"email": "%s", "name": "Lead", "team": %d, "is_admin": true,
                 "permissions": ["edit_alm_connections", "edit_analysis_connections"]}""".formatted(email, team))
                .statusCode(201).body("team", equalTo(team)).body("is_admin", equalTo(true))
                .body("permissions", containsInAnyOrder("edit_alm_connections", "edit_analysis_connections"))
                .extract().path("id");
        String key = send(SUPERUSER, "post", "/api/v2/users/" + admin + "/tokens/", "{\"name\": \"ci\"}")
                .statusCode(201).body("key", notNullValue()).body("user", equalTo(admin))
                .extract().path("key");

        String lead = "Token " + key;
        given().header("Authorization", lead).when().get("/api/v2/users/me/")
                .then().statusCode(200).body("id", equalTo(admin)).body("email", equalTo(email));
        given().header("Authorization", lead).when().get("/api/v2/teams/")
                .then().statusCode(200).body("results.id", contains(team));
        // The new team's advanced-ALM feature lets its connections run on a schedule.
        int project = send(lead, "post", "/api/v2/projects/", "{\"name\": \"p\"}").statusCode(201)
                .extract().path("id");
        int connector = send(lead, "post", "/api/v2/connectors/analysis/", """
                {"name": "SARIF", "system": {"id": "sarif"}, "params": {}}""").statusCode(201).extract().path("id");
        send(lead, "post", "/api/v2/connections/analysis/", """
                {"alias": "nightly", "connector": %d, "project": %d, "frequency": "daily",
                 "params": {"report_path": "r.sarif"}}""".formatted(connector, project))
                .statusCode(201).body("frequency", equalTo("daily"));
    }

    @Test
    void aTokenKeyIsShownOnceWorksUntilRevokedAndIsNeverListed() {
        Account user = Accounts.newTeamUser(false, false, false);
        ValidatableResponse created = send(user.header(), "post", "/api/v2/users/" + user.userId() + "/tokens/",
                "{\"name\": \"laptop\"}").statusCode(201);
        String key = created.extract().path("key");
        int tokenId = created.extract().path("id");

        given().header("Authorization", user.header())
                .when().get("/api/v2/users/{id}/tokens/", user.userId())
                .then().statusCode(200)
                .body("results.id", hasItem(tokenId))
                .body("results[0]", not(hasKey("key")))
                .body("results.prefix", hasItem(key.substring(0, 6)));
        given().header("Authorization", "Token " + key).when().get("/api/v2/users/me/")
                .then().statusCode(200).body("id", equalTo((int) user.userId()));

        given().header("Authorization", user.header())
                .when().delete("/api/v2/users/{id}/tokens/{token}/", user.userId(), tokenId)
                .then().statusCode(204);
        given().header("Authorization", "Token " + key).when().get("/api/v2/users/me/")
                .then().statusCode(401);
    }

    /** Keys' owners are remembered for a few seconds, but a change made here counts from the next request on. */
    @Test
    void aPermissionTakenAwayOrAUserDeletedCountsFromTheNextRequest() {
        Account admin = Accounts.newTeamAdmin();
        Account member = Accounts.userOf(admin.teamId(), false, true);
        long connection = Fixtures.analysisConnection(admin).connectionId();
        String sync = "/api/v2/connections/analysis/" + connection + "/sync/";
        send(member.header(), "post", sync, null).statusCode(202);

        send(admin.header(), "patch", "/api/v2/users/" + member.userId() + "/", "{\"permissions\": []}")
                .statusCode(200);
        send(member.header(), "post", sync, null).statusCode(403);

        send(admin.header(), "delete", "/api/v2/users/" + member.userId() + "/", null).statusCode(204);
        send(member.header(), "post", sync, null).statusCode(401);
    }

    @Test
    void aTeamAdminManagesItsUsersAndAPlainUserOnlyReads() {
        Account admin = Accounts.newTeamAdmin();
        int member = send(admin.header(), "post", "/api/v2/users/", """
                {"email": "dev-%s@example.test", "permissions": ["edit_analysis_connections"]}"""
                .formatted(UUID.randomUUID()))
                .statusCode(201).body("team", equalTo((int) admin.teamId()))
                .body("is_admin", equalTo(false))
                .body("permissions", contains("edit_analysis_connections"))
                .extract().path("id");
        send(admin.header(), "patch", "/api/v2/users/" + member + "/", "{\"permissions\": []}")
                .statusCode(200).body("permissions", empty());

        Account plain = Accounts.userOf(admin.teamId(), true, true);
        given().header("Authorization", plain.header()).when().get("/api/v2/users/")
                .then().statusCode(200).body("results.id", hasItem(member));
        send(plain.header(), "post", "/api/v2/users/", "{\"email\": \"x-%s@example.test\"}"
                .formatted(UUID.randomUUID())).statusCode(403);
        send(plain.header(), "patch", "/api/v2/users/" + member + "/", "{\"is_admin\": true}").statusCode(403);
        send(plain.header(), "post", "/api/v2/users/" + member + "/tokens/", "{}").statusCode(403);
        given().header("Authorization", plain.header()).when().delete("/api/v2/users/{id}/", member)
                .then().statusCode(403);

        given().header("Authorization", admin.header()).when().delete("/api/v2/users/{id}/", member)
                .then().statusCode(204);
        given().header("Authorization", admin.header()).when().get("/api/v2/users/{id}/", member)
                .then().statusCode(404);
    }

    @Test
    void onlyTheOperatorGrantsAdvancedAlmOrCreatesTeams() {
        Account admin = Accounts.newTeamAdmin();
        String teamPath = "/api/v2/teams/" + admin.teamId() + "/";
        send(admin.header(), "patch", teamPath, "{\"advanced_alm\": true}").statusCode(403);
        send(admin.header(), "post", "/api/v2/teams/", "{\"name\": \"mine-%s\"}".formatted(UUID.randomUUID()))
                .statusCode(403);
        String renamed = "renamed-" + UUID.randomUUID();
        send(admin.header(), "patch", teamPath, "{\"name\": \"%s\"}".formatted(renamed))
                .statusCode(200).body("name", equalTo(renamed)).body("advanced_alm", equalTo(false));

        send(SUPERUSER, "patch", teamPath, "{\"advanced_alm\": true}")
                .statusCode(200).body("advanced_alm", equalTo(true));
        given().header("Authorization", admin.header()).when().get(teamPath)
                .then().statusCode(200).body("advanced_alm", equalTo(true));
    }

    @Test
    void anotherTeamsTeamUsersAndTokensAnswer404() {
        Account mine = Accounts.newTeamAdmin();
        Account theirs = Accounts.newTeamUser(false, true, true);

        given().header("Authorization", mine.header()).when().get("/api/v2/teams/{id}/", theirs.teamId())
                .then().statusCode(404);
        given().header("Authorization", mine.header()).when().get("/api/v2/users/{id}/", theirs.userId())
                .then().statusCode(404);
        given().header("Authorization", mine.header()).queryParam("team", theirs.teamId())
                .when().get("/api/v2/users/").then().statusCode(404);
        given().header("Authorization", mine.header()).when().get("/api/v2/users/{id}/tokens/", theirs.userId())
                .then().statusCode(404);
        send(mine.header(), "post", "/api/v2/users/" + theirs.userId() + "/tokens/", "{}").statusCode(404);
        send(mine.header(), "post", "/api/v2/users/", """
                {"email": "spy-%s@example.test", "team": %d}""".formatted(UUID.randomUUID(), theirs.teamId()))
                .statusCode(404);
        given().header("Authorization", mine.header()).when().get("/api/v2/users/")
                .then().statusCode(200).body("results.id", not(hasItem((int) theirs.userId())));
    }

    @Test
    void badUserAndTeamInputNamesTheField() {
        Account admin = Accounts.newTeamAdmin();
        send(admin.header(), "post", "/api/v2/users/", "{\"name\": \"no email\"}")
                .statusCode(400).body("email", hasSize(1));
        send(admin.header(), "post", "/api/v2/users/", "{\"email\": \"not an address\"}")
                .statusCode(400).body("email", hasSize(1));
        send(admin.header(), "post", "/api/v2/users/", """
                {"email": "a-%s@example.test", "permissions": ["delete_everything"]}""".formatted(UUID.randomUUID()))
                .statusCode(400).body("permissions", hasSize(1));
        String email = "twice-" + UUID.randomUUID() + "@example.test";
        send(admin.header(), "post", "/api/v2/users/", "{\"email\": \"%s\"}".formatted(email)).statusCode(201);
        send(admin.header(), "post", "/api/v2/users/", "{\"email\": \"%s\"}".formatted(email.toUpperCase()))
                .statusCode(400).body("email", hasSize(1));
        send(admin.header(), "post", "/api/v2/users/", "{\"email\": 42, \"permissions\": \"all\"}")
                .statusCode(400);
        send(SUPERUSER, "post", "/api/v2/teams/", "{\"advanced_alm\": true}").statusCode(400).body("name", hasSize(1));
        send(admin.header(), "delete", "/api/v2/users/" + admin.userId() + "/", null).statusCode(400);
    }

    private static ValidatableResponse send(String authorization, String method, String path, String body) {
        var request = given().header("Authorization", authorization);
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        return request.when().request(method, path).then();
    }
}
