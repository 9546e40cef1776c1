package io.synclane.api.face.sde;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.synclane.api.testing.Accounts;
import io.synclane.api.testing.Accounts.Account;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConnectorConnectionResourceTest {
    private final Account editor = Accounts.newTeamUser(false, true, true);

    private int post(Account account, String path, String body) {
        return given().header("Authorization", account.header()).contentType(ContentType.JSON).body(body)
                .when().post(path)
                .then().statusCode(201).extract().path("id");
    }

    private int project(Account account) {
        return post(account, "/api/v2/projects/", "{\"name\": \"p-" + System.nanoTime() + "\"}");
    }

    @Test
    void aConnectorShowsItsSystemAsTheSeedsDo() {
        int id = post(editor, "/api/v2/connectors/analysis/", """
                {"name": "SpotBugs", "system": {"id": "sarif"}, "params": {"report_path": "a.sarif"}}""");

        given().header("Authorization", editor.header())
                .when().get("/api/v2/connectors/analysis/{id}/", id)
                .then().statusCode(200)
                .body("name", equalTo("SpotBugs"))
                .body("system.id", equalTo("sarif"))
                .body("system.short_name", equalTo("SARIF"))
                .body("system.name", notNullValue())
                .body("inaccessible", equalTo(false))
                .body("params.report_path", equalTo("a.sarif"));
    }

    @Test
    void anUnknownSystemIsA400NamingSystem() {
        given().header("Authorization", editor.header()).contentType(ContentType.JSON)
                .body("""
                        {"name": "X", "system": {"id": "clearcase"}, "params": {}}""")
                .when().post("/api/v2/connectors/alm/")
                .then().statusCode(400).body("system", hasSize(1));
    }

    @Test
    void aConnectorOfTheOtherSideIsNotFound() {
        int id = post(editor, "/api/v2/connectors/analysis/", """
                {"name": "S", "system": {"id": "sarif"}, "params": {}}""");
        given().header("Authorization", editor.header())
                .when().get("/api/v2/connectors/alm/{id}/", id)
                .then().statusCode(404);
    }

    @Test
    void aConnectionDerivesItsCommandAndMergesTheConnectorsParams() {
        int connector = post(editor, "/api/v2/connectors/analysis/", """
                {"name": "S", "system": {"id": "sarif"}, "params": {"report_path": "default.sarif", "import_behaviour": "combine"}}""");
        int project = project(editor);
        int id = post(editor, "/api/v2/connections/analysis/", """
                {"alias": "Nightly", "connector": %d, "project": %d, "params": {"report_path": "mine.sarif"}}"""
                .formatted(connector, project));

        given().header("Authorization", editor.header())
                .when().get("/api/v2/connections/analysis/{id}/", id)
                .then().statusCode(200)
                .body("alias", equalTo("Nightly"))
                .body("command", equalTo("import_sarif"))
                .body("frequency", equalTo("manually"))
                .body("connector", equalTo(connector))
                .body("project", equalTo(project))
                .body("params.report_path", equalTo("mine.sarif"))
                .body("params.import_behaviour", equalTo("combine"));
        given().header("Authorization", editor.header()).queryParam("project", project)
                .when().get("/api/v2/connections/analysis/")
                .then().statusCode(200).body("results.id", org.hamcrest.Matchers.contains(id));
        given().header("Authorization", editor.header()).queryParam("project", project).queryParam("page_size", 1)
                .when().get("/api/v2/connections/analysis/")
                .then().statusCode(200).body("count", equalTo(1)).body("results[0].connector", equalTo(connector));
    }

    @Test
    void aScheduledFrequencyNeedsTheAdvancedAlmFeature() {
        int connector = post(editor, "/api/v2/connectors/alm/", """
                {"name": "GH", "system": {"id": "github"}, "params": {}}""");
        int project = project(editor);
        given().header("Authorization", editor.header()).contentType(ContentType.JSON)
                .body("""
                        {"alias": "A", "connector": %d, "project": %d, "frequency": "hourly", "params": {}}"""
                        .formatted(connector, project))
                .when().post("/api/v2/connections/alm/")
                .then().statusCode(400).body("frequency", hasSize(1));

        Account advanced = Accounts.newTeamUser(true, true, true);
        int theirConnector = post(advanced, "/api/v2/connectors/alm/", """
                {"name": "GH", "system": {"id": "github"}, "params": {}}""");
        int theirProject = project(advanced);
        post(advanced, "/api/v2/connections/alm/", """
                {"alias": "A", "connector": %d, "project": %d, "frequency": "hourly", "params": {}}"""
                .formatted(theirConnector, theirProject));
        given().header("Authorization", advanced.header()).contentType(ContentType.JSON)
                .body("""
                        {"alias": "B", "connector": %d, "project": %d, "frequency": "fortnightly", "params": {}}"""
                        .formatted(theirConnector, theirProject))
                .when().post("/api/v2/connections/alm/")
                .then().statusCode(400).body("frequency", hasSize(1));
    }

    @Test
    void aScheduledConnectionShowsItsNextRunAndCanBePausedAndResumed() {
        Account advanced = Accounts.newTeamUser(true, true, true);
        int connector = post(advanced, "/api/v2/connectors/alm/", """
                {"name": "GH", "system": {"id": "github"}, "params": {}}""");
        int id = post(advanced, "/api/v2/connections/alm/", """
                {"alias": "Daily", "connector": %d, "project": %d, "frequency": "daily",
                 "schedule_timezone": "America/Toronto", "schedule_hour": 3, "schedule_minute": 15, "params": {}}"""
                .formatted(connector, project(advanced)));

        String nextRun = given().header("Authorization", advanced.header())
                .when().get("/api/v2/connections/alm/{id}/", id)
                .then().statusCode(200)
                .body("frequency", equalTo("daily"))
                .body("schedule_paused", equalTo(false))
                .body("next_run", notNullValue())
                .extract().path("next_run");
        java.time.ZonedDateTime local = java.time.Instant.parse(nextRun).atZone(java.time.ZoneId.of("America/Toronto"));
        org.junit.jupiter.api.Assertions.assertEquals(3, local.getHour());
        org.junit.jupiter.api.Assertions.assertEquals(15, local.getMinute());

        given().header("Authorization", advanced.header()).contentType(ContentType.JSON)
                .body("{\"schedule_paused\": true}")
                .when().patch("/api/v2/connections/alm/{id}/", id)
                .then().statusCode(200).body("schedule_paused", equalTo(true)).body("next_run", equalTo(null));
        given().header("Authorization", advanced.header()).contentType(ContentType.JSON)
                .body("{\"schedule_paused\": false}")
                .when().patch("/api/v2/connections/alm/{id}/", id)
                .then().statusCode(200).body("next_run", notNullValue());
        given().header("Authorization", advanced.header()).contentType(ContentType.JSON)
                .body("{\"schedule_timezone\": \"Mars/Olympus\"}")
                .when().patch("/api/v2/connections/alm/{id}/", id)
                .then().statusCode(400).body("schedule_timezone", hasSize(1));
        given().header("Authorization", advanced.header()).contentType(ContentType.JSON)
                .body("{\"schedule_minute\": 60}")
                .when().patch("/api/v2/connections/alm/{id}/", id)
                .then().statusCode(400).body("schedule_minute", hasSize(1));
    }

    @Test
    void aFieldOfTheWrongTypeIsA400NamingIt() {
        given().header("Authorization", editor.header()).contentType(ContentType.JSON)
                .body("""
                        {"alias": "A", "connector": "not-a-number", "project": 1, "params": {}}""")
                .when().post("/api/v2/connections/analysis/")
                .then().statusCode(400).body("$", hasKey("connector"));
    }

    @Test
    void missingFieldsAreNamed() {
        given().header("Authorization", editor.header()).contentType(ContentType.JSON)
                .body("""
                        {"alias": "A", "project": 1, "params": {}}""")
                .when().post("/api/v2/connections/analysis/")
                .then().statusCode(400).body("connector[0]", equalTo("This field is required."));
        given().header("Authorization", editor.header()).contentType(ContentType.JSON)
                .body("""
                        {"system": {"id": "sarif"}, "params": {}}""")
                .when().post("/api/v2/connectors/analysis/")
                .then().statusCode(400).body("name[0]", equalTo("This field is required."));
    }

    @Test
    void paramsAreShownOnlyToUsersWhoMayEditThatSide() {
        int connector = post(editor, "/api/v2/connectors/alm/", """
                {"name": "Jira", "system": {"id": "jira"}, "params": {"alm_user": "u", "alm_pass": "secret"}}""");
        Account analysisOnly = Accounts.userOf(editor.teamId(), false, true);

        given().header("Authorization", analysisOnly.header())
                .when().get("/api/v2/connectors/alm/{id}/", connector)
                .then().statusCode(200).body("name", equalTo("Jira")).body("$", not(hasKey("params")));
        given().header("Authorization", editor.header())
                .when().get("/api/v2/connectors/alm/{id}/", connector)
                .then().statusCode(200).body("params.alm_pass", equalTo("secret"));
    }

    @Test
    void changingConnectorsNeedsTheEditPermissionOfThatSide() {
        Account almOnly = Accounts.userOf(editor.teamId(), true, false);
        given().header("Authorization", almOnly.header()).contentType(ContentType.JSON)
                .body("""
                        {"name": "S", "system": {"id": "sarif"}, "params": {}}""")
                .when().post("/api/v2/connectors/analysis/")
                .then().statusCode(403);
        int id = post(almOnly, "/api/v2/connectors/alm/", """
                {"name": "R", "system": {"id": "redmine"}, "params": {}}""");
        given().header("Authorization", almOnly.header()).contentType(ContentType.JSON)
                .body("""
                        {"name": "Redmine prod"}""")
                .when().patch("/api/v2/connectors/alm/{id}/", id)
                .then().statusCode(200).body("name", equalTo("Redmine prod")).body("system.id", equalTo("redmine"));
    }

    @Test
    void anotherTeamsConnectorOrProjectCannotBeUsedOrSeen() {
        Account stranger = Accounts.newTeamUser(false, true, true);
        int theirConnector = post(stranger, "/api/v2/connectors/analysis/", """
                {"name": "S", "system": {"id": "sarif"}, "params": {}}""");
        int myProject = project(editor);

        given().header("Authorization", editor.header())
                .when().get("/api/v2/connectors/analysis/{id}/", theirConnector)
                .then().statusCode(404);
        given().header("Authorization", editor.header()).contentType(ContentType.JSON)
                .body("""
                        {"alias": "A", "connector": %d, "project": %d, "params": {}}"""
                        .formatted(theirConnector, myProject))
                .when().post("/api/v2/connections/analysis/")
                .then().statusCode(400).body("connector", hasSize(1));
    }

    @Test
    void anUnknownKindOrMethodIsNotA500() {
        given().header("Authorization", editor.header())
                .when().get("/api/v2/connectors/scanners/")
                .then().statusCode(404);
        given().header("Authorization", editor.header()).contentType(ContentType.JSON).body("{}")
                .when().put("/api/v2/connectors/analysis/")
                .then().statusCode(405);
    }
}
