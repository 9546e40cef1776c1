package io.synclane.api.face.sde;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.synclane.api.testing.Accounts;
import io.synclane.api.testing.Accounts.Account;
import io.synclane.api.testing.Fixtures;
import io.synclane.api.testing.Fixtures.AnalysisSetup;
import org.junit.jupiter.api.Test;

/**
 * A page's items get their own last job and their own connection from the set-based reads (one query for the
 * page's last jobs, one for its expanded connections), not a neighbour's.
 */
@QuarkusTest
class PageReadsTest {
    private final Account editor = Accounts.newTeamUser(false, true, true);

    @Test
    void eachConnectionOfAPageShowsItsOwnLastJobAndEachJobItsOwnConnection() {
        AnalysisSetup setup = Fixtures.analysisConnection(editor);
        int first = setup.connectionId();
        int second = connection(setup, "Second");
        int idle = connection(setup, "Idle");
        int firstOld = Fixtures.triggerSync(editor, first);
        int firstNew = Fixtures.triggerSync(editor, first);
        int secondOnly = Fixtures.triggerSync(editor, second);

        given().header("Authorization", editor.header())
                .queryParam("project", setup.projectId()).queryParam("include", "last_job")
                .when().get("/api/v2/connections/analysis/")
                .then().statusCode(200)
                .body("results.id", contains(first, second, idle))
                .body("results[0].last_job.id", equalTo(firstNew))
                .body("results[1].last_job.id", equalTo(secondOnly))
                .body("results[2]", hasKey("last_job"))
                .body("results[2].last_job", nullValue())
                .body("results.in_progress", contains(true, true, false));
        given().header("Authorization", editor.header()).queryParam("project", setup.projectId())
                .when().get("/api/v2/connections/analysis/")
                .then().statusCode(200)
                .body("results", everyItem(not(hasKey("last_job"))))
                .body("results.in_progress", contains(true, true, false));

        given().header("Authorization", editor.header()).queryParam("expand", "connection")
                .when().get("/api/v2/projects/{id}/jobs/analysis/", setup.projectId())
                .then().statusCode(200)
                .body("results.id", contains(secondOnly, firstNew, firstOld))
                .body("results.connection.id", contains(second, first, first))
                .body("results.connection.alias", contains("Second", "Import", "Import"))
                .body("results[0].connection", hasKey("params"));

        Account reader = Accounts.userOf(editor.teamId(), false, false);
        given().header("Authorization", reader.header()).queryParam("expand", "connection")
                .when().get("/api/v2/projects/{id}/jobs/analysis/", setup.projectId())
                .then().statusCode(200)
                .body("results.connection.id", contains(second, first, first))
                .body("results.connection", everyItem(not(hasKey("params"))));
    }

    private int connection(AnalysisSetup setup, String alias) {
        return Fixtures.post(editor, "/api/v2/connections/analysis/", """
                {"alias": "%s", "connector": %d, "project": %d, "params": {"report_path": "report.sarif"}}"""
                .formatted(alias, setup.connectorId(), setup.projectId()));
    }
}
