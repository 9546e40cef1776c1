package io.synclane.api.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.synclane.api.testing.Accounts;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TokenAuthenticationTest {

    @Test
    void aRequestWithoutTokenIsRefusedWith401() {
        given().when().get("/api/v2/projects/")
                .then().statusCode(401)
                .header("WWW-Authenticate", "Token")
                .body("detail", equalTo("Authentication credentials were not provided."));
    }

    @Test
    void anUnknownTokenIsRefusedWith401() {
        given().header("Authorization", "Token not-a-real-key")
                .when().get("/api/v2/projects/")
                .then().statusCode(401).body("detail", equalTo("Invalid token."));
    }

    @Test
    void aHeaderOfAnotherSchemeIsRefusedWith401() {
        given().header("Authorization", "Bearer " + Accounts.ADMIN)
                .when().get("/api/v2/projects/")
                .then().statusCode(401);
    }

    @Test
    void theBootstrappedAdminTokenIsAcceptedPlainAndQuoted() {
        given().header("Authorization", "Token " + Accounts.ADMIN)
                .when().get("/api/v2/projects/").then().statusCode(200);
        given().header("Authorization", "Token \"" + Accounts.ADMIN + "\"")
                .when().get("/api/v2/projects/").then().statusCode(200);
    }

    @Test
    void aTokenHeaderWithoutAKeySaysWhatItExpects() {
        given().header("Authorization", "Token")
                .when().get("/api/v2/projects/")
                .then().statusCode(401)
                .header("WWW-Authenticate", "Token")
                .body("detail", equalTo("Invalid token header. Expected: Token <key>."));
    }

    /** The Token scheme is the /api/v2 face's: other paths keep their own rules, whatever header they get. */
    @Test
    void pathsOutsideTheFaceAreLeftToTheirOwnRules() {
        given().header("Authorization", "Basic Zm9vOmJhcg==")
                .when().get("/q/health/live").then().statusCode(200);
        given().header("Authorization", "Token not-a-real-key")
                .when().get("/q/openapi").then().statusCode(200);
    }
}
