package io.synclane.api.face.sde;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Paging of job lists: a list without {@code page_size} is never larger than the largest page (50 in
 * tests, 1000 by default) and announces the rest with a {@code next} link; {@code next} links carry a
 * keyset cursor and lead to exactly the page that {@code page=N+1} names.
 */
@QuarkusTest
class ListPagingTest {
    private static Account editor;
    private static AnalysisSetup setup;

    /** 55 ended jobs in a team of their own, "run 0" the oldest. */
    private static synchronized void fiftyFiveJobs() {
        if (editor != null) {
            return;
        }
        editor = Accounts.newTeamUser(false, true, true);
        setup = Fixtures.analysisConnection(editor);
        for (int i = 0; i < 55; i++) {
            given().header("Authorization", editor.header()).contentType(ContentType.JSON)
                    .body("{\"connection\": %d, \"result_message\": \"run %d\", \"succeeded\": true}"
                            .formatted(setup.connectionId(), i))
                    .when().post("/api/v2/projects/{id}/jobs/analysis/", setup.projectId())
                    .then().statusCode(200);
        }
    }

    @Test
    void anUnpagedJobListStopsAtTheLargestPageAndLinksToTheRest() {
        fiftyFiveJobs();

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

    @Test
    void nextLinksCarryACursorAndGiveTheSamePageAsItsNumber() {
        fiftyFiveJobs();
        String next = given().header("Authorization", editor.header())
                .when().get("/api/v2/jobs/analysis/?page_size=20")
                .then().statusCode(200).body("count", equalTo(55)).body("previous", nullValue())
                .body("next", containsString("before="))
                .extract().path("next");
        List<String> byCursor = given().header("Authorization", editor.header())
                .when().get(next.substring(next.indexOf("/api/v2/")))
                .then().statusCode(200).body("count", equalTo(55))
                .body("next", containsString("page=3"))
                .body("previous", not(containsString("before=")))
                .extract().path("results.result_message");
        List<String> byNumber = given().header("Authorization", editor.header())
                .when().get("/api/v2/jobs/analysis/?page_size=20&page=2")
                .then().statusCode(200).extract().path("results.result_message");

        assertEquals(byNumber, byCursor);
        assertEquals("run 34", byCursor.get(0));
        assertEquals("run 15", byCursor.get(19));
        given().header("Authorization", editor.header())
                .when().get("/api/v2/jobs/analysis/?page_size=20&before=yesterday")
                .then().statusCode(400).body("before", hasSize(1));
    }
}
