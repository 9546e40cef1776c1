package io.synclane.api.face.sde;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.quarkus.test.junit.QuarkusTest;
import io.synclane.api.testing.Accounts;
import io.synclane.api.testing.Accounts.Account;
import io.synclane.api.testing.Fixtures;
import io.synclane.common.domain.Webhook;
import io.synclane.common.notification.WebhookSecrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/v2/webhooks/}: a team admin's job-end notifications. The secret is shown on creation and rotation only
 * and never logged; bad input is a 400 naming its field with nothing written; the SSRF guard refuses the service's
 * own network and plain http (the test profile keeps the operator's defaults); another team's webhook is a 404 and
 * a member who is not an admin gets 403.
 */
@QuarkusTest
class WebhookResourceTest {
    /** The test profile's synclane.notifications.key: the workers derive the same secret from it. */
    private static final String NOTIFICATIONS_KEY = "test-notifications-key-8e61d2b4";
    /** A public address (TEST-NET-3): needs no DNS, and is nobody's own. */
    private static final String RECEIVER = "https://203.0.113.10/hooks/synclane";

    @Test
    void anAdminCreatesAWebhookWhoseSecretIsShownOnceAndIsTheOneTheWorkersDerive() throws Exception {
        Account admin = Accounts.newTeamAdmin();
        int connection = Fixtures.analysisConnection(admin).connectionId();
        ValidatableResponse created = send(admin, "post", "/api/v2/webhooks/", """
                {"url": "%s", "statuses": ["failure", "success", "failure"], "connections": [%d], "secret": "mine"}"""
                .formatted(RECEIVER, connection))
                .statusCode(201)
                .body("url", equalTo(RECEIVER))
                .body("statuses", contains("success", "failure"))
                .body("connections", contains(connection))
                .body("active", equalTo(true))
                .body("created", not(equalTo(null)));
        String secret = created.extract().path("secret");
        long id = created.extract().<Integer>path("id");
        assertTrue(secret.matches("whsec_[0-9a-f]{64}"), "a secret of the server's making, not the client's: " + secret);
        byte[] nonce = QuarkusTransaction.requiringNew().call(() -> Webhook.<Webhook>findById(id).secretNonce);
        assertEquals(WebhookSecrets.secret(NOTIFICATIONS_KEY, id, nonce), secret,
                "derived from the notifications key and the stored nonce alone");

        send(admin, "get", "/api/v2/webhooks/" + id + "/", null).statusCode(200)
                .body("$", not(hasKey("secret"))).body("url", equalTo(RECEIVER));
        send(admin, "get", "/api/v2/webhooks/", null).statusCode(200)
                .body("results", hasSize(1)).body("results[0]", not(hasKey("secret")));
        send(admin, "get", "/api/v2/webhooks/?page_size=1", null).statusCode(200)
                .body("count", equalTo(1)).body("results.id", contains((int) id));

        String rotated = send(admin, "post", "/api/v2/webhooks/" + id + "/rotate_secret/", null).statusCode(200)
                .extract().path("secret");
        assertNotEquals(secret, rotated);
        byte[] rotatedNonce = QuarkusTransaction.requiringNew().call(() -> Webhook.<Webhook>findById(id).secretNonce);
        assertEquals(WebhookSecrets.secret(NOTIFICATIONS_KEY, id, rotatedNonce), rotated);
        send(admin, "get", "/api/v2/webhooks/" + id + "/", null).statusCode(200).body("$", not(hasKey("secret")));

        String log = Files.readString(Path.of("target/api-service-test.log"));
        assertFalse(log.contains(secret) || log.contains(rotated), "a webhook secret was written to the log");
    }

    @Test
    void anAdminChangesAndDeletesAWebhook() {
        Account admin = Accounts.newTeamAdmin();
        int connection = Fixtures.analysisConnection(admin).connectionId();
        int id = create(admin, "{\"url\": \"" + RECEIVER + "\"}").body("statuses",
                contains("success", "failure", "error", "killed")).body("connections", empty()).extract().path("id");

        send(admin, "patch", "/api/v2/webhooks/" + id + "/", """
                {"statuses": ["killed"], "connections": [%d], "active": false}""".formatted(connection))
                .statusCode(200).body("statuses", contains("killed")).body("connections", contains(connection))
                .body("active", equalTo(false)).body("url", equalTo(RECEIVER)).body("$", not(hasKey("secret")));
        send(admin, "patch", "/api/v2/webhooks/" + id + "/", "{\"connections\": []}").statusCode(200)
                .body("connections", empty()).body("statuses", contains("killed"));

        send(admin, "delete", "/api/v2/webhooks/" + id + "/", null).statusCode(204);
        send(admin, "get", "/api/v2/webhooks/" + id + "/", null).statusCode(404);
    }

    @Test
    void badInputIsRefusedNamingItsFieldAndNothingIsWritten() {
        Account admin = Accounts.newTeamAdmin();
        Account stranger = Accounts.newTeamAdmin();
        int theirs = Fixtures.analysisConnection(stranger).connectionId();
        refused(admin, "{}", "url", "This field is required.");
        refused(admin, "{\"url\": \"   \"}", "url", "This field may not be blank.");
        refused(admin, "{\"url\": \"not a url\"}", "url", "Enter a valid URL.");
        refused(admin, "{\"url\": \"https://203.0.113.10/" + "a".repeat(2048) + "\"}", "url", "no more than 2048");
        refused(admin, "{\"url\": \"https://203.0.113.10/\\u0000\"}", "url", "Null characters");
        refused(admin, "{\"url\": \"https://user:pw@203.0.113.10/\"}", "url", "user name or password");
        refused(admin, "{\"url\": 7}", "url", "Enter an https URL."); // Jackson reads 7 as "7"
        refused(admin, "{\"url\": \"" + RECEIVER + "\", \"statuses\": [\"done\"]}", "statuses", "\"done\" is not a valid choice");
        refused(admin, "{\"url\": \"" + RECEIVER + "\", \"statuses\": [\"running\"]}", "statuses", "not a valid choice");
        refused(admin, "{\"url\": \"" + RECEIVER + "\", \"statuses\": []}", "statuses", "at least one");
        refused(admin, "{\"url\": \"" + RECEIVER + "\", \"statuses\": \"success\"}", "statuses", "Expected");
        refused(admin, "{\"url\": \"" + RECEIVER + "\", \"connections\": [" + theirs + "]}", "connections",
                "Invalid pk \"" + theirs + "\"");
        refused(admin, "{\"url\": \"" + RECEIVER + "\", \"connections\": [null]}", "connections", "null");
        send(admin, "post", "/api/v2/webhooks/", "{\"url\": \"" + RECEIVER + "\", \"connections\": [\"x\"]}")
                .statusCode(400).body("$", hasKey("connections.0"));
        send(admin, "post", "/api/v2/webhooks/", "{\"url\": \"" + RECEIVER + "\", \"active\": \"maybe\"}")
                .statusCode(400).body("active[0]", equalTo("Must be a valid boolean."));
        send(admin, "get", "/api/v2/webhooks/", null).statusCode(200).body("results", empty());

        int id = create(admin, "{\"url\": \"" + RECEIVER + "\", \"statuses\": [\"failure\"]}").extract().path("id");
        send(admin, "patch", "/api/v2/webhooks/" + id + "/", """
                {"url": "https://203.0.113.11/", "statuses": ["nope"], "active": false}""")
                .statusCode(400).body("statuses[0]", containsString("not a valid choice"));
        send(admin, "get", "/api/v2/webhooks/" + id + "/", null).statusCode(200)
                .body("url", equalTo(RECEIVER)).body("statuses", contains("failure")).body("active", equalTo(true));
    }

    @Test
    void theSsrfGuardRefusesTheServicesOwnNetworkAndPlainHttp() {
        Account admin = Accounts.newTeamAdmin();
        for (String url : List.of("https://127.0.0.1/", "https://localhost:8443/hook", "https://[::1]/",
                "https://169.254.169.254/latest/meta-data/", "https://[::ffff:127.0.0.1]/", "https://0.0.0.0/",
                "https://127.1/")) {
            refused(admin, "{\"url\": \"" + url + "\"}", "url", "");
        }
        refused(admin, "{\"url\": \"https://localhost/\"}", "url", "resolves to");
        refused(admin, "{\"url\": \"https://169.254.169.254/\"}", "url", "link-local");
        refused(admin, "{\"url\": \"http://203.0.113.10/hook\"}", "url", "Enter an https URL.");
        refused(admin, "{\"url\": \"file:///etc/passwd\"}", "url", "Enter an https URL.");

        int id = create(admin, "{\"url\": \"" + RECEIVER + "\"}").extract().path("id");
        send(admin, "patch", "/api/v2/webhooks/" + id + "/", "{\"url\": \"https://127.0.0.1:8081/q/metrics\"}")
                .statusCode(400).body("url[0]", containsString("loopback"));
        send(admin, "get", "/api/v2/webhooks/", null).statusCode(200)
                .body("results", hasSize(1)).body("results[0].url", equalTo(RECEIVER));
    }

    @Test
    void anotherTeamsWebhookIsNotFoundAndOnlyAdminsManageWebhooks() {
        Account admin = Accounts.newTeamAdmin();
        int id = create(admin, "{\"url\": \"" + RECEIVER + "\"}").extract().path("id");

        Account stranger = Accounts.newTeamAdmin();
        for (String[] call : new String[][] {{"get", null}, {"patch", "{\"active\": false}"}, {"delete", null}}) {
            send(stranger, call[0], "/api/v2/webhooks/" + id + "/", call[1]).statusCode(404);
        }
        send(stranger, "post", "/api/v2/webhooks/" + id + "/rotate_secret/", null).statusCode(404);
        send(stranger, "get", "/api/v2/webhooks/", null).statusCode(200).body("results", empty());

        Account member = Accounts.userOf(admin.teamId(), true, true);
        send(member, "get", "/api/v2/webhooks/", null).statusCode(403)
                .body("detail", equalTo("You do not have permission to perform this action."));
        send(member, "post", "/api/v2/webhooks/", "{\"url\": \"" + RECEIVER + "\"}").statusCode(403);
        send(member, "get", "/api/v2/webhooks/" + id + "/", null).statusCode(403);
        send(member, "post", "/api/v2/webhooks/" + id + "/rotate_secret/", null).statusCode(403);
        send(admin, "get", "/api/v2/webhooks/" + id + "/", null).statusCode(200).body("active", equalTo(true));
    }

    private static ValidatableResponse create(Account account, String body) {
        return send(account, "post", "/api/v2/webhooks/", body).statusCode(201);
    }

    private static void refused(Account account, String body, String field, String message) {
        send(account, "post", "/api/v2/webhooks/", body).statusCode(400)
                .body("$", hasKey(field)).body(field + "[0]", containsString(message));
    }

    private static ValidatableResponse send(Account account, String method, String path, String body) {
        var request = given().header("Authorization", account.header());
        if (body != null) {
            request = request.contentType(ContentType.JSON).body(body);
        }
        return request.when().request(method, path).then();
    }
}
