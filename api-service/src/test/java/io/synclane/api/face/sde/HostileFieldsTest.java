package io.synclane.api.face.sde;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.synclane.api.testing.Accounts;
import io.synclane.api.testing.Accounts.Account;
import io.synclane.api.testing.Fixtures;
import io.synclane.common.domain.ApiToken;
import io.synclane.common.domain.Connector;
import io.synclane.common.domain.Job;
import io.synclane.common.domain.Project;
import io.synclane.common.domain.Team;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's defects of the /api/v2 face, each a 400 naming the field in Django REST Framework's words and nothing
 * written, where each was a 500 (or worse) before: a NUL or half a surrogate pair in any text, a name of a few
 * kilobytes (a btree index entry), a NUL in params (jsonb), a result message too long for a job event, a page whose
 * first row overflowed, query numbers that were 404s naming nothing, and ids in other scripts' digits.
 */
@QuarkusTest
class HostileFieldsTest {
    private final Account owner = Accounts.newTeamUser(false, true, true);

    @Test
    void aNulInAnyTextIsA400NamingTheFieldAndWritesNothing() {
        long projects = count(() -> Project.count("teamId", owner.teamId()));
        post(owner, "/api/v2/projects/", "{\"name\": \"a\\u0000b\"}")
                .statusCode(400).body("name", contains("Null characters are not allowed."));
        post(owner, "/api/v2/projects/", "{\"name\": \"ok-" + System.nanoTime() + "\", \"description\": \"\\u0000\"}")
                .statusCode(400).body("description", contains("Null characters are not allowed."));
        post(owner, "/api/v2/projects/", "{\"name\": \"x\\ud800\"}")
                .statusCode(400).body("name", contains("Surrogate characters are not allowed: U+D800."));
        assertEquals(projects, count(() -> Project.count("teamId", owner.teamId())));

        long connectors = count(() -> Connector.count("teamId", owner.teamId()));
        post(owner, "/api/v2/connectors/alm/", """
                {"name": "R", "system": {"id": "redmine"}, "params": {"alm_api_token": "secret\\u0000"}}""")
                .statusCode(400).body("params[0]", containsString("alm_api_token"))
                .body("params[0]", not(containsString("secret")));
        post(owner, "/api/v2/connectors/alm/", """
                {"name": "R\\u0000", "system": {"id": "redmine"}, "params": {}}""")
                .statusCode(400).body("name", contains("Null characters are not allowed."));
        assertEquals(connectors, count(() -> Connector.count("teamId", owner.teamId())));
    }

    @Test
    void aNameOfAFewKilobytesIsA400NotAnIndexError() {
        String huge = "n".repeat(3000);
        post(owner, "/api/v2/projects/", "{\"name\": \"" + huge + "\"}")
                .statusCode(400).body("name", contains("Ensure this field has no more than 255 characters."));
        given().header("Authorization", owner.header()).queryParam("name", huge).get("/api/v2/projects/")
                .then().statusCode(400).body("name", contains("Ensure this field has no more than 255 characters."));
        post("Token " + Accounts.ADMIN, "/api/v2/teams/", "{\"name\": \"" + "t".repeat(10_000) + "\"}")
                .statusCode(400).body("name", contains("Ensure this field has no more than 255 characters."));
        post(owner, "/api/v2/users/" + owner.userId() + "/tokens/", "{\"name\": \"\\u0000\"}")
                .statusCode(400).body("name", contains("Null characters are not allowed."));
        assertEquals(1L, count(() -> ApiToken.count("userId", owner.userId())), "no token made");
        assertEquals(0L, count(() -> Team.count("length(name) > 255")));
    }

    @Test
    void aResultMessageTooLongForAJobEventIsRefused() {
        Fixtures.AnalysisSetup setup = Fixtures.analysisConnection(owner);
        long jobs = count(() -> Job.count("connectionId", (long) setup.connectionId()));
        post(owner, "/api/v2/projects/" + setup.projectId() + "/jobs/analysis/", """
                {"connection": %d, "result_message": "%s", "succeeded": true}"""
                .formatted(setup.connectionId(), "m".repeat(70_000)))
                .statusCode(400).body("result_message", contains("Ensure this field has no more than 65536 characters."));
        assertEquals(jobs, count(() -> Job.count("connectionId", (long) setup.connectionId())));
    }

    @Test
    void pagingAndQueryNumbersOutOfRangeNameTheParameter() {
        given().header("Authorization", owner.header()).queryParam("page_size", 10).queryParam("page", Integer.MAX_VALUE)
                .get("/api/v2/jobs/analysis/").then().statusCode(400).body("page", contains("Invalid page."));
        given().header("Authorization", owner.header()).queryParam("page", Integer.MAX_VALUE)
                .get("/api/v2/projects/").then().statusCode(400).body("page", contains("Invalid page."));
        given().header("Authorization", owner.header()).queryParam("page_size", "abc")
                .get("/api/v2/projects/").then().statusCode(400).body("page_size", contains("A valid integer is required."));
        given().header("Authorization", owner.header()).queryParam("project", "99999999999999999999")
                .get("/api/v2/connections/analysis/").then().statusCode(400).body("project", contains("A valid integer is required."));
        given().header("Authorization", owner.header()).queryParam("connection", "\uff11")
                .get("/api/v2/jobs/analysis/").then().statusCode(400).body("connection", contains("A valid integer is required."));
        given().header("Authorization", owner.header()).queryParam("page_size", "").get("/api/v2/projects/")
                .then().statusCode(200).body("$", not(hasKey("count")));
    }

    @Test
    void anIdInAnotherScriptsDigitsNamesNoRecord() {
        int project = Fixtures.post(owner, "/api/v2/projects/", "{\"name\": \"digits-" + System.nanoTime() + "\"}");
        // /projects/１/ was read as project 1 (Long.parseLong reads any script's digits); only ASCII digits name one
        String fullwidth = String.valueOf(project).chars().mapToObj(c -> String.valueOf((char) (c - '0' + '\uff10')))
                .reduce("", String::concat);
        given().header("Authorization", owner.header()).urlEncodingEnabled(true).delete("/api/v2/projects/" + fullwidth + "/")
                .then().statusCode(404).body("detail", equalTo("Not Found."));
        assertEquals(1L, count(() -> Project.count("id", (long) project)), "still there");
    }

    @Test
    void aProbeOfABadAddressIsAnAnswerNotA500() {
        post(owner, "/api/v2/connectors/testalm/", """
                {"system": {"id": "redmine"}, "params": {"alm_server": "http://127.0.0.1:99999/", "alm_api_token": "t"}}""")
                .statusCode(200).body("success", equalTo(false)).body("detail", containsString("is not a valid URL"));
    }

    private static ValidatableResponse post(Account account, String path, String body) {
        return post(account.header(), path, body);
    }

    private static ValidatableResponse post(String authorization, String path, String body) {
        return given().header("Authorization", authorization).contentType(ContentType.JSON).body(body)
                .when().post(path).then();
    }

    private static long count(java.util.concurrent.Callable<Long> count) {
        return QuarkusTransaction.requiringNew().call(count);
    }
}
