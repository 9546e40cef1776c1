package io.synclane.worker.connector.alm.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.synclane.worker.connector.ConnectorFailure;
import io.synclane.worker.connector.alm.AlmTestSupport;
import io.synclane.worker.connector.alm.AlmTestSupport.RecordingLog;
import io.synclane.worker.connector.alm.AlmTracker;
import io.synclane.worker.connector.alm.TrackedIssue;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Jira connector against stubs of Jira's documented REST v2 answers (developer.atlassian.com, "The Jira
 * platform REST API": myself, project, search, issue, transitions).
 */
class JiraConnectorTest {
    private static final String TOKEN = "ATATT3xFfGF0-secret-api-token";

    private WireMockServer jira;
    private final JiraConnector connector = new JiraConnector(AlmTestSupport.config());
    private final RecordingLog log = new RecordingLog();

    @BeforeEach
    void start() {
        jira = new WireMockServer(options().dynamicPort());
        jira.start();
        jira.stubFor(get("/rest/api/2/myself").willReturn(okJson("{\"accountId\": \"5b10\", \"active\": true}")));
        jira.stubFor(get("/rest/api/2/project/WEB").willReturn(okJson("{\"id\": \"10000\", \"key\": \"WEB\"}")));
    }

    @AfterEach
    void stop() {
        jira.stop();
    }

    private Map<String, Object> params() {
        return Map.of("alm_server", jira.baseUrl(), "alm_project", "WEB", "alm_user", "sync@acme.test",
                "alm_api_token", TOKEN);
    }

    private static String issue(String key, String summary, String status) {
        return """
                {"id": "1", "key": "%s", "fields": {"summary": "%s", "status": {"name": "%s"},
                 "updated": "2026-11-20T10:00:00.000+0000"}}""".formatted(key, summary, status);
    }

    @Test
    void searchIsPagedByStartAtAndMatchesTheTaskIdPrefixOnly() throws Exception {
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/search")).withQueryParam("startAt", equalTo("0"))
                .willReturn(okJson("{\"startAt\": 0, \"maxResults\": 1, \"total\": 2, \"issues\": ["
                        + issue("WEB-1", "Mentions T21: in passing", "Open") + "]}")));
        jira.stubFor(get(urlPathEqualTo("/rest/api/2/search")).withQueryParam("startAt", equalTo("1"))
                .willReturn(okJson("{\"startAt\": 1, \"maxResults\": 1, \"total\": 2, \"issues\": ["
                        + issue("WEB-2", "T21: Secure forgotten password", "Resolved") + "]}")));

        AlmTracker tracker = connector.connect(params(), log);
        TrackedIssue found = tracker.findIssue("T21", null).orElseThrow();

        assertEquals("WEB-2", found.key());
        assertTrue(found.done(), "Resolved is a done status by default");
        jira.verify(getRequestedFor(urlPathEqualTo("/rest/api/2/search"))
                .withQueryParam("jql", matching("project = \"WEB\" AND summary ~ .*T21.*"))
                .withHeader("Authorization", equalTo("Basic " + Base64.getEncoder()
                        .encodeToString(("sync@acme.test:" + TOKEN).getBytes(StandardCharsets.UTF_8)))));
    }

    @Test
    void issuesAreCreatedWithTheProjectKeyAndTypeAndClosedThroughTheWorkflow() throws Exception {
        jira.stubFor(post("/rest/api/2/issue").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\": \"10002\", \"key\": \"WEB-3\", \"self\": \"x\"}")));
        jira.stubFor(get("/rest/api/2/issue/WEB-3/transitions").willReturn(okJson("""
                {"transitions": [
                  {"id": "11", "name": "Start Progress", "to": {"name": "In Progress"}},
                  {"id": "31", "name": "Close Issue", "to": {"name": "Closed"}}]}""")));
        jira.stubFor(post("/rest/api/2/issue/WEB-3/transitions").willReturn(aResponse().withStatus(204)));

        AlmTracker tracker = connector.connect(params(), log);
        TrackedIssue created = tracker.createIssue("T21: Secure forgotten password", "text");
        TrackedIssue closed = tracker.setDone(created, true);

        assertEquals("WEB-3", created.key());
        assertTrue(closed.done());
        jira.verify(postRequestedFor(urlEqualTo("/rest/api/2/issue")).withRequestBody(equalToJson("""
                {"fields": {"project": {"key": "WEB"}, "summary": "T21: Secure forgotten password",
                 "description": "text", "issuetype": {"name": "Task"}}}""")));
        jira.verify(postRequestedFor(urlEqualTo("/rest/api/2/issue/WEB-3/transitions"))
                .withRequestBody(equalToJson("{\"transition\": {\"id\": \"31\"}}")));
    }

    @Test
    void aNamedReopenTransitionIsUsedAndAMissingOneIsNamed() throws Exception {
        jira.stubFor(get("/rest/api/2/issue/WEB-4/transitions").willReturn(okJson("""
                {"transitions": [{"id": "41", "name": "Back to work", "to": {"name": "Open"}}]}""")));
        jira.stubFor(post("/rest/api/2/issue/WEB-4/transitions").willReturn(aResponse().withStatus(204)));
        TrackedIssue closed = new TrackedIssue("WEB-4", "T4: x", true, null, "");

        AlmTracker named = connector.connect(Map.of("alm_server", jira.baseUrl(), "alm_project", "WEB",
                "alm_api_token", TOKEN, "alm_reopen_transition", "Back to work"), log);
        assertFalse(named.setDone(closed, false).done());

        AlmTracker wrong = connector.connect(Map.of("alm_server", jira.baseUrl(), "alm_project", "WEB",
                "alm_api_token", TOKEN, "alm_reopen_transition", "Reopen Issue"), log);
        ConnectorFailure failure = assertThrows(ConnectorFailure.class, () -> wrong.setDone(closed, false));
        assertTrue(failure.getMessage().contains("alm_reopen_transition"), failure.getMessage());
        jira.verify(getRequestedFor(urlEqualTo("/rest/api/2/myself"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void a429IsWaitedOutForItsRetryAfter() throws Exception {
        jira.stubFor(get("/rest/api/2/myself").inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("calm"));
        jira.stubFor(get("/rest/api/2/myself").inScenario("busy").whenScenarioStateIs("calm")
                .willReturn(okJson("{\"active\": true}")));

        connector.connect(params(), log);

        jira.verify(2, getRequestedFor(urlEqualTo("/rest/api/2/myself")));
    }

    @Test
    void wrongCredentialsUnknownProjectsAndGarbageAreFailuresAPersonCanActOn() {
        jira.stubFor(get("/rest/api/2/myself").willReturn(aResponse().withStatus(401)));
        ConnectorFailure refused = assertThrows(ConnectorFailure.class, () -> connector.connect(params(), log));
        assertTrue(refused.getMessage().contains("alm_user"), refused.getMessage());
        assertFalse(refused.getMessage().contains(TOKEN));

        jira.stubFor(get("/rest/api/2/myself").willReturn(okJson("{}")));
        jira.stubFor(get("/rest/api/2/project/WEB").willReturn(aResponse().withStatus(404)));
        assertTrue(assertThrows(ConnectorFailure.class, () -> connector.connect(params(), log)).getMessage()
                .contains("\"WEB\""));

        jira.stubFor(get("/rest/api/2/myself").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("<html>login</html>")));
        assertTrue(assertThrows(ConnectorFailure.class, () -> connector.connect(params(), log)).getMessage()
                .contains("not JSON"));
    }
}
