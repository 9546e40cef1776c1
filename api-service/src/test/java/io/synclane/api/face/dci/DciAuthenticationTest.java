package io.synclane.api.face.dci;

import static io.restassured.RestAssured.given;
import static io.synclane.api.face.dci.DciCalls.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.synclane.api.face.dci.DciCalls.Agent;
import io.synclane.api.testing.Accounts;
import io.synclane.api.testing.Accounts.Account;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who may call /api/v1: users with HTTP Basic (email or name, and one of their API keys), remote agents with
 * Basic {@code remoteci/<id>:<api_secret>} or a DCI2-HMAC-SHA256 signature over the exact request. Every refusal,
 * a bad signature included, is 401 in the face's error shape.
 */
@QuarkusTest
class DciAuthenticationTest {
    private Account admin;
    private Agent agent;

    @BeforeEach
    void aTeamWithAnAgent() {
        admin = Accounts.newTeamAdmin();
        agent = DciCalls.newAgent(admin);
    }

    @Test
    void aUserSignsInWithEmailAndApiKey() {
        Response answer = as(admin).get("/api/v1/identity");
        assertEquals(200, answer.statusCode(), answer.asString());
        assertEquals("user", answer.path("identity.type"));
        assertEquals(String.valueOf(admin.userId()), answer.path("identity.id"));
        assertEquals(String.valueOf(admin.teamId()), answer.path("identity.team_id"));
    }

    @Test
    void aWrongKeyOrAnotherUsersEmailIsRefused() {
        Account other = Accounts.newTeamUser(false, false, false);
        assertRefused(given().header("Authorization", basic(admin.email(), "not-the-key")).get("/api/v1/identity"));
        assertRefused(given().header("Authorization", basic(other.email(), admin.token())).get("/api/v1/identity"));
        assertRefused(given().header("Authorization", "Basic %%%").get("/api/v1/identity"));
        assertRefused(given().get("/api/v1/identity"));
    }

    @Test
    void anAgentSignsInWithBasicAndItsSecret() {
        Response answer = as(agent).get("/api/v1/identity");
        assertEquals(200, answer.statusCode(), answer.asString());
        assertEquals("remoteci", answer.path("identity.type"));
        assertEquals(String.valueOf(agent.id()), answer.path("identity.id"));
        assertRefused(given().header("Authorization", basic(agent.client(), agent.secret() + "x")).get("/api/v1/identity"));
    }

    @Test
    void anAgentThatSignsInIsCountedAsSeen() {
        double before = seen();
        Agent fresh = DciCalls.newAgent(admin);
        assertEquals(200, as(fresh).get("/api/v1/identity").statusCode());
        assertEquals(before + 1, seen(), "synclane_remote_agents_seen counts the agent that just signed in");
    }

    private static double seen() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        java.util.regex.Matcher matcher = java.util.regex.Pattern
                .compile("(?m)^synclane_remote_agents_seen\\{window=\"5m\"\\} ([0-9.]+)$").matcher(metrics);
        assertTrue(matcher.find(), "the gauge is served");
        return Double.parseDouble(matcher.group(1));
    }

    @Test
    void theSecretIsShownOnceAndNeverAgain() {
        assertEquals(64, agent.secret().length());
        assertTrue(agent.secret().matches("[A-Za-z0-9]{64}"));
        Response read = as(admin).get("/api/v1/remotecis/" + agent.id());
        assertEquals(200, read.statusCode());
        assertNull(read.path("remoteci.api_secret"));
        assertFalse(read.asString().contains(agent.secret()));
    }

    @Test
    void aSignedRequestIsAcceptedWithItsQueryAndBody() {
        Response list = DciCalls.signed(agent, "GET", "/api/v1/jobs?limit=10&offset=0&where=status:new&sort=-created_at",
                "", Instant.now());
        assertEquals(200, list.statusCode(), list.asString());
        Response schedule = DciCalls.signed(agent, "POST", "/api/v1/jobs/schedule",
                "{\"remoteci_id\": " + agent.id() + "}", Instant.now());
        assertEquals(412, schedule.statusCode(), "signed and understood: nothing waits: " + schedule.asString());
        assertEquals("No jobs available for run.", schedule.path("message"));
    }

    @Test
    void aSignatureFromAnotherTimeBodyOrQueryIsRefused() {
        Instant now = Instant.now();
        assertRefused(DciCalls.signed(agent, "GET", "/api/v1/identity", "", now.minus(Duration.ofMinutes(16))));
        assertRefused(DciCalls.signed(agent, "GET", "/api/v1/identity", "", now.plus(Duration.ofMinutes(16))));
        assertRefused(DciCalls.signed(agent, "POST", "/api/v1/jobs/schedule",
                "{\"remoteci_id\": " + agent.id() + "}", "{\"remoteci_id\": " + (agent.id() + 1) + "}", now));
        Response otherQuery = given().urlEncodingEnabled(false)
                .headers(DciCalls.signedHeaders(agent, "GET", "/api/v1/jobs?limit=10", "", now))
                .get("/api/v1/jobs?limit=11");
        assertRefused(otherQuery);
        Agent impostor = new Agent(agent.id(), "A".repeat(64), null);
        assertRefused(DciCalls.signed(impostor, "GET", "/api/v1/identity", "", now));
        assertRefused(given().header("Authorization", "DCI2-HMAC-SHA256 garbage").get("/api/v1/identity"));
    }

    @Test
    void anInactiveAgentOrAnOldSecretIsRefused() {
        Response rotated = as(admin).header("If-Match", agent.etag()).put("/api/v1/remotecis/" + agent.id() + "/api_secret");
        assertEquals(200, rotated.statusCode(), rotated.asString());
        String secret = rotated.path("remoteci.api_secret");
        assertRefused(as(agent).get("/api/v1/identity"));
        Agent renewed = new Agent(agent.id(), secret, rotated.header("ETag"));
        assertEquals(200, as(renewed).get("/api/v1/identity").statusCode());
        assertEquals(200, DciCalls.signed(renewed, "GET", "/api/v1/identity", "", Instant.now()).statusCode());

        Response inactive = as(admin).header("If-Match", renewed.etag()).body("{\"state\": \"inactive\"}")
                .put("/api/v1/remotecis/" + agent.id());
        assertEquals(204, inactive.statusCode(), inactive.asString());
        assertRefused(as(renewed).get("/api/v1/identity"));
    }

    @Test
    void overHttp2ABasicCallWorksAndASignedBodyIsRefusedSayingWhy() throws Exception {
        java.net.http.HttpClient h2 = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_2).build();
        String base = "http://localhost:" + io.restassured.RestAssured.port;
        java.net.http.HttpResponse<String> created = h2.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(base + "/api/v1/remotecis")).header("Authorization", admin.basic())
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\": \"over-h2\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(java.net.http.HttpClient.Version.HTTP_2, created.version(), "the call did go over HTTP/2");

        String body = "{\"remoteci_id\": " + agent.id() + "}";
        java.net.http.HttpRequest.Builder signed = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(base + "/api/v1/jobs/schedule"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        DciCalls.signedHeaders(agent, "POST", "/api/v1/jobs/schedule", body, Instant.now()).forEach((name, value) -> {
            if (!name.equals("Host")) {
                signed.header(name, value);
            }
        });
        java.net.http.HttpResponse<String> refused = h2.send(signed.build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(401, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("HTTP/1.1"), refused.body());
    }

    private static void assertRefused(Response answer) {
        assertEquals(401, answer.statusCode(), answer.asString());
        assertEquals(401, (int) answer.path("status_code"));
        assertTrue(answer.path("message") instanceof String);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
