package io.synclane.worker.connector.alm.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
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
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The GitHub connector against stubs of GitHub's documented REST v3 answers (docs.github.com, "REST API
 * endpoints for issues" and "Rate limits for the REST API").
 */
class GitHubConnectorTest {
    private static final String TOKEN = "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB";
    private static final String REPO = "{\"id\": 1, \"full_name\": \"acme/webshop\", \"has_issues\": true}";

    private WireMockServer github;
    private final GitHubConnector connector = new GitHubConnector(AlmTestSupport.config());
    private final RecordingLog log = new RecordingLog();

    @BeforeEach
    void start() {
        github = new WireMockServer(options().dynamicPort());
        github.start();
    }

    @AfterEach
    void stop() {
        github.stop();
    }

    private Map<String, Object> params() {
        return Map.of("alm_server", github.baseUrl(), "github_repo_owner", "acme", "alm_project", "webshop",
                "alm_api_token", TOKEN, "github_duplicate_label", "duplicate");
    }

    private static String issue(int number, String title, String state, String labels) {
        return """
                {"number": %d, "title": "%s", "state": "%s", "labels": [%s],
                 "updated_at": "2026-11-20T10:00:00Z", "html_url": "https://github.com/acme/webshop/issues/%d"}"""
                .formatted(number, title, state, labels, number);
    }

    @Test
    void issuesAreFoundByTaskIdAcrossPagesSkippingPullRequestsAndDuplicates() throws Exception {
        github.stubFor(get("/repos/acme/webshop").willReturn(okJson(REPO)));
        String second = github.baseUrl() + "/repositories/1/issues?state=all&sort=created&direction=asc&per_page=100&page=2";
        github.stubFor(get(urlEqualTo("/repos/acme/webshop/issues?state=all&sort=created&direction=asc&per_page=100"))
                .willReturn(okJson("[" + issue(1, "T1: A pull request", "open", "") .replace("\"labels\"",
                        "\"pull_request\": {\"url\": \"x\"}, \"labels\"") + ","
                        + issue(2, "T2: Copy", "open", "{\"name\": \"duplicate\"}") + "]")
                        .withHeader("Link", "<" + second + ">; rel=\"next\", <" + second + ">; rel=\"last\"")));
        github.stubFor(get(urlEqualTo("/repositories/1/issues?state=all&sort=created&direction=asc&per_page=100&page=2"))
                .willReturn(okJson("[" + issue(3, "T2: Encode output", "closed", "") + "]")));

        AlmTracker tracker = connector.connect(params(), log);
        Optional<TrackedIssue> t2 = tracker.findIssue("T2", null);

        assertEquals("3", t2.orElseThrow().key(), "the issue of the second page; the duplicate is ignored");
        assertTrue(t2.get().done());
        assertEquals(Optional.empty(), tracker.findIssue("T1", null), "a pull request is not an issue");
        github.verify(getRequestedFor(urlPathEqualTo("/repos/acme/webshop"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Accept", equalTo("application/vnd.github+json")));
        github.verify(1, getRequestedFor(urlPathEqualTo("/repos/acme/webshop/issues")));
    }

    @Test
    void aStoredIssueIsReadByNumberAndCreatedIssuesAreClosedByPatch() throws Exception {
        github.stubFor(get("/repos/acme/webshop").willReturn(okJson(REPO)));
        github.stubFor(get("/repos/acme/webshop/issues/7").willReturn(okJson(issue(7, "T9: Stored", "open", ""))));
        github.stubFor(post("/repos/acme/webshop/issues")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(issue(8, "T21: Secure forgotten password", "open", ""))));
        github.stubFor(patch(urlEqualTo("/repos/acme/webshop/issues/8"))
                .willReturn(okJson(issue(8, "T21: Secure forgotten password", "closed", ""))));

        AlmTracker tracker = connector.connect(params(), log);
        assertEquals("7", tracker.findIssue("T9", "7").orElseThrow().key());
        TrackedIssue created = tracker.createIssue("T21: Secure forgotten password", "body");
        TrackedIssue closed = tracker.setDone(created, true);

        assertTrue(closed.done());
        github.verify(postRequestedFor(urlEqualTo("/repos/acme/webshop/issues"))
                .withRequestBody(equalToJson("{\"title\": \"T21: Secure forgotten password\", \"body\": \"body\"}")));
        github.verify(patchRequestedFor(urlEqualTo("/repos/acme/webshop/issues/8"))
                .withRequestBody(equalToJson("{\"state\": \"closed\", \"state_reason\": \"completed\"}")));
    }

    @Test
    void anExhaustedRateLimitIsWaitedOutUntilItsReset() throws Exception {
        long reset = System.currentTimeMillis() / 1000 + 1;
        github.stubFor(get("/repos/acme/webshop").inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(403).withHeader("x-ratelimit-remaining", "0")
                        .withHeader("x-ratelimit-reset", String.valueOf(reset))
                        .withBody("{\"message\": \"API rate limit exceeded\"}"))
                .willSetStateTo("reset"));
        github.stubFor(get("/repos/acme/webshop").inScenario("limit").whenScenarioStateIs("reset")
                .willReturn(okJson(REPO)));

        connector.connect(params(), log);

        github.verify(2, getRequestedFor(urlEqualTo("/repos/acme/webshop")));
    }

    @Test
    void aSecondaryRateLimitWithRetryAfterIsWaitedOutToo() throws Exception {
        github.stubFor(get("/repos/acme/webshop").inScenario("secondary").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
                .willSetStateTo("ok"));
        github.stubFor(get("/repos/acme/webshop").inScenario("secondary").whenScenarioStateIs("ok")
                .willReturn(okJson(REPO)));

        connector.connect(params(), log);

        github.verify(2, getRequestedFor(urlEqualTo("/repos/acme/webshop")));
    }

    @Test
    void wrongCredentialsAnUnknownRepositoryAndServerErrorsSayWhatToDoWithoutTheToken() {
        github.stubFor(get("/repos/acme/webshop").willReturn(aResponse().withStatus(401)
                .withBody("{\"message\": \"Bad credentials\"}")));
        ConnectorFailure refused = assertThrows(ConnectorFailure.class, () -> connector.connect(params(), log));
        assertTrue(refused.getMessage().contains("alm_api_token"), refused.getMessage());
        assertFalse(refused.getMessage().contains(TOKEN));
        assertFalse(refused.retryable());

        github.stubFor(get("/repos/acme/webshop").willReturn(aResponse().withStatus(404)));
        assertTrue(assertThrows(ConnectorFailure.class, () -> connector.connect(params(), log)).getMessage()
                .contains("acme/webshop"));

        github.stubFor(get("/repos/acme/webshop").willReturn(aResponse().withStatus(502)));
        assertTrue(assertThrows(ConnectorFailure.class, () -> connector.connect(params(), log)).retryable(),
                "a 5xx may pass on a later attempt");

        ConnectorFailure missing = assertThrows(ConnectorFailure.class,
                () -> connector.connect(Map.of("alm_api_token", TOKEN, "alm_project", "webshop"), log));
        assertTrue(missing.getMessage().contains("github_repo_owner"), missing.getMessage());
        assertFalse(String.join("\n", log.lines).contains(TOKEN));
    }
}
