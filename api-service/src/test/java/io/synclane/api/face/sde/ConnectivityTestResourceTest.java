package io.synclane.api.face.sde;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.synclane.api.testing.Accounts;
import io.synclane.api.testing.Accounts.Account;
import io.synclane.api.testing.Fixtures;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Seed 002's connectivity tests: required params are named, the server must answer, and the answer is
 * {@code {"success": ...}}, not an error, when the settings are merely wrong.
 */
@QuarkusTest
class ConnectivityTestResourceTest {
    /** A real HTTP server standing in for an ALM: it answers 401 to the credential-less probe. */
    private static HttpServer alm;

    private final Account editor = Accounts.newTeamUser(false, true, true);

    @BeforeAll
    static void startAlm() throws Exception {
        alm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        alm.createContext("/", exchange -> {
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        alm.start();
    }

    @AfterAll
    static void stopAlm() {
        alm.stop(0);
    }

    private static String almUrl() {
        return "http://127.0.0.1:" + alm.getAddress().getPort();
    }

    @Test
    void theSeedsConnectorTestAnswersSuccessWhenTheServerAnswers() {
        post(editor, "/api/v2/connectors/testalm/", """
                {
                    "name":"ALM Test",
                    "system": {
                        "id": "github"
                    },
                    "params": {
                        "alm_server": "%s",
                        "github_repo_owner": "repo owner",
                        "alm_api_token": "42",
                        "alm_validate_cert": true
                    }
                }""".formatted(almUrl()))
                .statusCode(200).body("", aMapWithSize(1)).body("success", equalTo(true));
    }

    @Test
    void aMissingRequiredParamIsNamedAndNoServerIsAsked() {
        post(editor, "/api/v2/connectors/testalm/", """
                {"name": "Redmine", "system": {"id": "redmine"}, "params": {"alm_server": "%s"}}"""
                .formatted(almUrl()))
                .statusCode(200).body("success", equalTo(false)).body("detail", containsString("alm_api_token"));
        post(editor, "/api/v2/connectors/testalm/", """
                {"name": "Jira", "system": {"id": "jira"}, "params": {"alm_server": "%s", "alm_user": "u"}}"""
                .formatted(almUrl()))
                .statusCode(200).body("success", equalTo(false))
                .body("detail", containsString("one of alm_api_token, alm_pass"));
    }

    @Test
    void aServerThatDoesNotAnswerFailsTheTestWithTheReason() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        post(editor, "/api/v2/connectors/testalm/", """
                {"name": "Redmine", "system": {"id": "redmine"},
                 "params": {"alm_server": "127.0.0.1:%d", "alm_method": "http", "alm_api_token": "k"}}"""
                .formatted(closedPort))
                .statusCode(200).body("success", equalTo(false)).body("detail", containsString("refused"));
    }

    @Test
    void aConnectionIsTestedWithItsParamsOverItsConnectors() {
        int connector = Fixtures.post(editor, "/api/v2/connectors/alm/", """
                {"name": "Redmine", "system": {"id": "redmine"},
                 "params": {"alm_server": "%s", "alm_api_token": "secret-key"}}""".formatted(almUrl()));
        int project = Fixtures.post(editor, "/api/v2/projects/", "{\"name\": \"p-" + System.nanoTime() + "\"}");

        post(editor, "/api/v2/connections/testalm/", """
                {"connector": %d, "alias": "ALM Test", "project": %d, "system": {"id": "redmine"},
                 "params": {"alm_project": "webshop"}}""".formatted(connector, project))
                .statusCode(200).body("success", equalTo(true));
        post(editor, "/api/v2/connections/testalm/", """
                {"connector": %d, "alias": "ALM Test", "project": %d, "params": {}}""".formatted(connector, project))
                .statusCode(200).body("success", equalTo(false)).body("detail", containsString("alm_project"));
        post(editor, "/api/v2/connections/testalm/", """
                {"connector": %d, "system": {"id": "github"}, "params": {}}""".formatted(connector))
                .statusCode(400).body("system", hasSize(1));
    }

    @Test
    void anAnalysisConnectionNeedsAReport() {
        post(editor, "/api/v2/connections/testanalysis/", """
                {"alias": "Import", "system": {"id": "sarif"}, "params": {}}""")
                .statusCode(200).body("success", equalTo(false)).body("detail", containsString("report_path"));
        post(editor, "/api/v2/connections/testanalysis/", """
                {"alias": "Import", "system": {"id": "sarif"}, "params": {"report_path": "a.sarif"}}""")
                .statusCode(200).body("success", equalTo(true));
        post(editor, "/api/v2/connectors/testanalysis/", """
                {"name": "SARIF", "system": {"id": "sarif"}, "params": {}}""")
                .statusCode(200).body("success", equalTo(true));
    }

    @Test
    void badRequestsNameTheFieldAndOnlyEditorsMayTest() {
        post(editor, "/api/v2/connectors/testalm/", "{\"name\": \"x\", \"system\": {\"id\": \"rally\"}, \"params\": {}}")
                .statusCode(400).body("system", hasSize(1));
        post(editor, "/api/v2/connectors/testalm/", "{\"name\": \"x\", \"params\": {}}")
                .statusCode(400).body("system", hasSize(1));
        post(editor, "/api/v2/connectors/testalm/", "{\"name\": \"x\", \"system\": {\"id\": \"github\"}}")
                .statusCode(400).body("params", hasSize(1));
        int theirs = Fixtures.post(Accounts.newTeamUser(false, true, true), "/api/v2/connectors/alm/", """
                {"name": "GitHub", "system": {"id": "github"}, "params": {"alm_api_token": "t"}}""");
        post(editor, "/api/v2/connections/testalm/", "{\"connector\": %d, \"params\": {}}".formatted(theirs))
                .statusCode(400).body("connector", hasSize(1));
        post(editor, "/api/v2/connections/testalm/", "{\"system\": {\"id\": \"github\"}, \"project\": 999999999,"
                + " \"params\": {}}").statusCode(400).body("project", hasSize(1));
        post(Accounts.newTeamUser(false, false, true), "/api/v2/connectors/testalm/",
                "{\"name\": \"x\", \"system\": {\"id\": \"github\"}, \"params\": {}}").statusCode(403);
    }

    private static ValidatableResponse post(Account account, String path, String body) {
        return given().header("Authorization", account.header()).contentType(ContentType.JSON).body(body)
                .when().post(path).then();
    }
}
