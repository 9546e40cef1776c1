package io.synclane.api.face.sde;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.synclane.api.testing.Accounts;
import io.synclane.api.testing.Accounts.Account;
import io.synclane.api.testing.Fixtures;
import io.synclane.api.testing.Fixtures.AnalysisSetup;
import org.junit.jupiter.api.Test;

/** Seeds 000/001, "Post Results of a Job of a Project": a job run elsewhere reports its result. */
@QuarkusTest
class ReportedResultTest {
    private final Account editor = Accounts.newTeamUser(false, true, true);

    @Test
    void aReportedResultIsAnEndedJobAsTheSeedShowsIt() {
        AnalysisSetup setup = Fixtures.analysisConnection(editor);

        int id = given().header("Authorization", editor.header()).contentType(ContentType.JSON)
                .body("""
                        {
                            "connection": %d,
                            "result_message": "My Message",
                            "succeeded": true,
                            "automatic": true,
                        }""".formatted(setup.connectionId()))
                .queryParam("expand", "connection")
                .when().post("/api/v2/projects/{id}/jobs/analysis/", setup.projectId())
                .then().statusCode(200)
                .body("id", notNullValue())
                .body("project_id", equalTo(setup.projectId()))
                .body("connection.id", equalTo(setup.connectionId()))
                .body("connection.alias", notNullValue())
                .body("connection.command", equalTo("import_sarif"))
                .body("connection.frequency", notNullValue())
                .body("connection.params", notNullValue())
                .body("user", equalTo((int) editor.userId()))
                .body("succeeded", equalTo(true))
                .body("completed", equalTo(true))
                .body("ready", equalTo(true))
                .body("automatic", equalTo(true))
                .body("manual", equalTo(false))
                .body("result_message", equalTo("My Message"))
                .body("last_run", notNullValue())
                .extract().path("id");

        given().header("Authorization", editor.header()).contentType(ContentType.JSON)
                .body("{\"connection\": %d, \"result_message\": \"\", \"succeeded\": false}"
                        .formatted(setup.connectionId()))
                .when().post("/api/v2/projects/{id}/jobs/analysis/", setup.projectId())
                .then().statusCode(200)
                .body("connection", equalTo(setup.connectionId()))
                .body("succeeded", equalTo(false))
                .body("automatic", equalTo(true));

        given().header("Authorization", editor.header()).queryParam("succeeded", "true")
                .when().get("/api/v2/projects/{id}/jobs/analysis/", setup.projectId())
                .then().statusCode(200).body("results.id", hasItem(id));
    }

    @Test
    void everyFieldIsRequiredAndTheConnectionMustBeOfTheProject() {
        AnalysisSetup setup = Fixtures.analysisConnection(editor);
        AnalysisSetup other = Fixtures.analysisConnection(editor);
        String path = "/api/v2/projects/" + setup.projectId() + "/jobs/analysis/";

        given().header("Authorization", editor.header()).contentType(ContentType.JSON)
                .body("{\"result_message\": \"m\", \"succeeded\": true}")
                .when().post(path).then().statusCode(400).body("connection", hasSize(1));
        given().header("Authorization", editor.header()).contentType(ContentType.JSON)
                .body("{\"connection\": %d, \"succeeded\": true}".formatted(setup.connectionId()))
                .when().post(path).then().statusCode(400).body("result_message", hasSize(1));
        given().header("Authorization", editor.header()).contentType(ContentType.JSON)
                .body("{\"connection\": %d, \"result_message\": \"m\"}".formatted(setup.connectionId()))
                .when().post(path).then().statusCode(400).body("succeeded", hasSize(1));
        given().header("Authorization", editor.header()).contentType(ContentType.JSON)
                .body("{\"connection\": %d, \"result_message\": \"m\", \"succeeded\": false}"
                        .formatted(other.connectionId()))
                .when().post(path).then().statusCode(400).body("connection", hasSize(1));
        given().header("Authorization", Accounts.newTeamUser(false, true, true).header()).contentType(ContentType.JSON)
                .body("{\"connection\": %d, \"result_message\": \"m\", \"succeeded\": false}"
                        .formatted(setup.connectionId()))
                .when().post(path).then().statusCode(404);
    }
}
