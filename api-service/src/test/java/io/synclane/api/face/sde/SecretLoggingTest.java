package io.synclane.api.face.sde;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.synclane.api.testing.Accounts;
import io.synclane.api.testing.Accounts.Account;
import io.synclane.api.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Secret params reach the database and the callers allowed to see them, never the log: not on success,
 * not in a validation error, not in a failure. The service logs at DEBUG in tests, so this also covers
 * what frameworks log on the service's behalf.
 */
@QuarkusTest
class SecretLoggingTest {
    @Test
    void secretParamsNeverAppearInTheServiceLog() throws Exception {
        Account editor = Accounts.newTeamUser(true, true, true);
        String secret = "s3cret-" + UUID.randomUUID();
        int connector = Fixtures.post(editor, "/api/v2/connectors/alm/", """
                {"name": "Jira", "system": {"id": "jira"},
                 "params": {"alm_server": "127.0.0.1:1", "alm_user": "u", "alm_pass": "%s"}}""".formatted(secret));
        given().header("Authorization", editor.header()).contentType(ContentType.JSON)
                .body("{\"name\": \"x\", \"system\": {\"id\": \"nope\"}, \"params\": {\"alm_api_token\": \"%s\"}}"
                        .formatted(secret))
                .when().post("/api/v2/connectors/alm/").then().statusCode(400);
        given().header("Authorization", editor.header()).contentType(ContentType.JSON)
                .body("{\"params\": {\"alm_api_token\": \"%s\"}, \"name\": [}".formatted(secret))
                .when().patch("/api/v2/connectors/alm/{id}/", connector).then().statusCode(400);
        given().header("Authorization", editor.header()).contentType(ContentType.JSON)
                .body("{\"connector\": %d, \"alias\": \"t\", \"params\": {\"alm_project\": \"P\"}}".formatted(connector))
                .when().post("/api/v2/connections/testalm/").then().statusCode(200);
        given().header("Authorization", "Token " + secret).when().get("/api/v2/projects/").then().statusCode(401);

        Path log = Path.of("target/api-service-test.log");
        assertTrue(Files.exists(log), "the test profile logs to " + log);
        String written = Files.readString(log);
        assertTrue(written.contains("DEBUG"), "the log holds DEBUG lines, so it would show a leak");
        assertFalse(written.contains(secret), "a secret param was written to the log");
    }
}
