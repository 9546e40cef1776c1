package io.synclane.worker.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.synclane.stack.LocalRedmine;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * api-service's testalm reaches the connectors here: the real Redmine connector checks the key and the
 * project against a real Redmine, and only a caller with the internal token is answered.
 */
@QuarkusTest
class ConnectivityCheckResourceTest {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final String INTERNAL = "test-internal-token";
    private static String server;
    private static String apiKey;

    /** Installs (once, needs root) and starts the Redmine; a machine that cannot fails here, loudly. */
    @BeforeAll
    static void startRedmine() throws Exception {
        LocalRedmine redmine = LocalRedmine.start(REPOSITORY);
        server = redmine.url();
        apiKey = redmine.apiKey();
    }

    private static io.restassured.response.ValidatableResponse check(String token, Map<String, Object> params) {
        return given().header("X-Synclane-Internal-Token", token).contentType(ContentType.JSON)
                .body(Map.of("system", "redmine", "params", params))
                .when().post("/internal/connectivity-check").then();
    }

    @Test
    void credentialsAndTheProjectAreCheckedByTheConnector() {
        // Redmine's default data has no project; the connector's project check is what fails here.
        check(INTERNAL, Map.of("alm_server", server, "alm_api_token", apiKey, "alm_project", "no-such-project"))
                .statusCode(200).body("success", equalTo(false)).body("detail", containsString("no-such-project"));
        String wrongKey = "0123456789abcdef0123456789abcdef01234567";
        check(INTERNAL, Map.of("alm_server", server, "alm_api_token", wrongKey, "alm_project", "p"))
                .statusCode(200).body("success", equalTo(false))
                .body("detail", containsString("alm_api_token")).body("detail", not(containsString(wrongKey)));
        check(INTERNAL, Map.of("alm_server", server, "alm_project", "p"))
                .statusCode(200).body("success", equalTo(false)).body("detail", containsString("alm_api_token"));
    }

    @Test
    void aValidConnectionPasses() throws Exception {
        String identifier = "check-" + System.nanoTime();
        given().header("X-Redmine-API-Key", apiKey).contentType(ContentType.JSON)
                .body(Map.of("project", Map.of("name", identifier, "identifier", identifier)))
                .when().post(server + "/projects.json").then().statusCode(201);
        check(INTERNAL, Map.of("alm_server", server, "alm_api_token", apiKey, "alm_project", identifier))
                .statusCode(200).body("success", equalTo(true));
    }

    @Test
    void withoutTheInternalTokenNothingIsChecked() {
        check("wrong", Map.of("alm_server", server, "alm_api_token", apiKey, "alm_project", "p")).statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("system", "redmine", "params", Map.of()))
                .when().post("/internal/connectivity-check").then().statusCode(403);
    }
}
