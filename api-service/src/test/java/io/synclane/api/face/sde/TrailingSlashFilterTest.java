package io.synclane.api.face.sde;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.synclane.api.testing.Accounts;
import io.synclane.api.testing.Accounts.Account;
import org.junit.jupiter.api.Test;

/** SD Elements clients' trailing slashes reach the routes; a path that could climb to another route does not. */
@QuarkusTest
class TrailingSlashFilterTest {
    private final Account user = Accounts.newTeamUser(false, true, true);

    @Test
    void bothSpellingsOfAPathReachItsRouteWithTheirQuery() {
        given().header("Authorization", user.header()).when().get("/api/v2/users/me/")
                .then().statusCode(200).body("id", equalTo((int) user.userId()));
        given().header("Authorization", user.header()).when().get("/api/v2/users/me")
                .then().statusCode(200).body("id", equalTo((int) user.userId()));
        given().header("Authorization", user.header()).queryParam("page_size", "oops")
                .when().get("/api/v2/jobs/alm/").then().statusCode(400);
    }

    @Test
    void anEncodedDotSegmentIsNotNormalisedIntoAnotherRoute() {
        given().header("Authorization", user.header()).urlEncodingEnabled(false)
                .when().get("/api/v2/projects/%2e%2e/jobs/alm/").then().statusCode(404);
        given().header("Authorization", user.header()).urlEncodingEnabled(false)
                .when().get("/api/v2/projects/%2E%2e/jobs/analysis/").then().statusCode(404);
    }

    @Test
    void onlyPlainPathsAreRerouted() {
        assertTrue(TrailingSlashFilter.plain("/api/v2/connections/alm/12/sync/"));
        assertFalse(TrailingSlashFilter.plain("/api/v2/projects/%2e%2e/jobs/alm/"));
        assertFalse(TrailingSlashFilter.plain("/api/v2/projects/../jobs/alm/"));
        assertFalse(TrailingSlashFilter.plain("/api/v2//jobs/alm/"));
    }
}
