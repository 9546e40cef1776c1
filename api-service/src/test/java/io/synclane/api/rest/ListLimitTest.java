package io.synclane.api.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.synclane.api.testing.Accounts;
import io.synclane.api.testing.Accounts.Account;
import io.synclane.api.testing.Fixtures;
import io.synclane.api.testing.Fixtures.AnalysisSetup;
import org.junit.jupiter.api.Test;

/**
 * A list without {@code page_size} is never larger than the largest page (50 in tests, 1000 by default):
 * what is left out is announced by a {@code next} link, which leads on through ordinary pages.
 */
@QuarkusTest
class ListLimitTest {
    @Test
    void anUnpagedJobListStopsAtTheLargestPageAndLinksToTheRest() {
        Account editor = Accounts.newTeamUser(false, true, true);
        AnalysisSetup setup = Fixtures.analysisConnection(editor);
        for (int i = 0; i < 55; i++) {
            given().header("Authorization", editor.header()).contentType(ContentType.JSON)
                    .body("{\"connection\": %d, \"result_message\": \"run %d\", \"succeeded\": true}"
                            .formatted(setup.connectionId(), i))
                    .when().post("/api/v2/projects/{id}/jobs/analysis/", setup.projectId())
                    .then().statusCode(200);
        }

        String next = given().header("Authorization", editor.header())
                .when().get("/api/v2/jobs/analysis/")
                .then().statusCode(200)
                .body("results", hasSize(50))
                .body("results[0].result_message", equalTo("run 54"))
                .body("$", not(hasKey("count")))
                .body("next", containsString("page_size=50"))
                .extract().path("next");

        given().header("Authorization", editor.header())
                .when().get(next.substring(next.indexOf("/api/v2/")))
                .then().statusCode(200)
                .body("count", equalTo(55))
                .body("results", hasSize(5))
                .body("results[4].result_message", equalTo("run 0"))
                .body("next", nullValue())
                .body("previous", containsString("page=1"));

        given().header("Authorization", editor.header())
                .when().get("/api/v2/projects/{id}/jobs/analysis/?succeeded=false", setup.projectId())
                .then().statusCode(200).body("results", hasSize(0)).body("$", not(hasKey("next")));
    }
}
