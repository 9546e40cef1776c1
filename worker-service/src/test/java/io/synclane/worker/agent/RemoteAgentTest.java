package io.synclane.worker.agent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.synclane.common.auth.Dci2Signature;
import io.synclane.common.auth.Dci2Signature.Credential;
import io.synclane.common.domain.ConnectionKind;
import io.synclane.worker.connector.AnalysisConnector;
import io.synclane.worker.connector.AnalysisReport;
import io.synclane.worker.connector.ConnectorFailure;
import io.synclane.worker.connector.Connectors;
import io.synclane.worker.connector.Finding;
import io.synclane.worker.connector.JobLog;
import io.synclane.worker.connector.ReportFile;
import io.synclane.worker.connector.alm.AlmConnector;
import io.synclane.worker.connector.alm.AlmTestSupport;
import io.synclane.worker.connector.alm.AlmTracker;
import io.synclane.worker.connector.alm.TrackedIssue;
import io.synclane.worker.connector.noop.NoopConnector;
import io.synclane.worker.service.AlmSyncService;
import io.synclane.worker.service.AnalysisImportService;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * The remote agent against a WireMock stand-in of the api-service's {@code /api/v1} (the DCI agent contract): every
 * request signed with the agent's secret, polling with backoff, the run reported as job states and files, a 409
 * stopping the run, the agent's local params used but never sent.
 */
class RemoteAgentTest {
    private static final String AGENT_ID = "7";
    private static final String SECRET = "agent-secret-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQR";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TIME = "2026-12-03T07:40:01.123456";

    private WireMockServer api;

    @BeforeEach
    void start() {
        api = new WireMockServer(options().dynamicPort());
        api.start();
        api.stubFor(post(urlEqualTo("/api/v1/jobstates")).atPriority(10)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"jobstate\": {\"id\": \"900\", \"status\": \"running\", \"job_id\": \"42\"}}")));
        api.stubFor(post(urlEqualTo("/api/v1/files")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"file\": {\"id\": \"1\"}}")));
    }

    @AfterEach
    void stop() {
        api.stop();
    }

    @Test
    void pollsWithBackoffWhileNothingWaitsThenRunsANoopImportAndReportsIt() throws Exception {
        api.stubFor(post(urlEqualTo("/api/v1/jobs/schedule")).inScenario("queue").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(noJob()).willSetStateTo("second"));
        api.stubFor(post(urlEqualTo("/api/v1/jobs/schedule")).inScenario("queue").whenScenarioStateIs("second")
                .willReturn(noJob()).willSetStateTo("third"));
        api.stubFor(post(urlEqualTo("/api/v1/jobs/schedule")).inScenario("queue").whenScenarioStateIs("third")
                .willReturn(assigned(42, "analysis", "noop", Map.of())).willSetStateTo("empty"));
        api.stubFor(post(urlEqualTo("/api/v1/jobs/schedule")).inScenario("queue").whenScenarioStateIs("empty")
                .willReturn(noJob()));
        api.stubFor(get(urlEqualTo("/api/v1/jobs/42/tasks")).willReturn(okJson(tasks(
                task(12, "T1", "none", "TODO", List.of(89), null)))));

        Thread agent = new Thread(new RemoteAgent(client(), runner(LocalParams.none(), Duration.ofSeconds(30)),
                new PollBackoff(Duration.ofMillis(100), Duration.ofMillis(400), Math::random)), "agent-under-test");
        agent.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> jobStates().stream()
                    .anyMatch(s -> s.path("status").asText().equals("success")));
        } finally {
            agent.interrupt();
            agent.join(5000);
        }
        assertFalse(agent.isAlive(), "an interrupt ends the loop");

        List<LoggedRequest> polls = requests("/api/v1/jobs/schedule");
        assertTrue(polls.size() >= 3, "two 412s, then the job");
        for (LoggedRequest poll : polls) {
            assertEquals(Map.of("remoteci_id", AGENT_ID), JSON.readValue(poll.getBody(), Map.class));
        }
        // The pauses after the 412s: at least half of 100 ms, then of 200 ms (the steps double).
        assertTrue(gap(polls, 0) >= 50, "first pause " + gap(polls, 0) + " ms");
        assertTrue(gap(polls, 1) >= 100, "second pause " + gap(polls, 1) + " ms");

        List<JsonNode> states = jobStates();
        assertEquals(List.of("running", "success"), states.stream().map(s -> s.path("status").asText()).toList());
        assertEquals("42", states.get(0).path("job_id").asText());
        assertEquals("No-op: 0 findings, 0 tasks matched (0 fail, 0 pass, 0 partial); 0 changed, 0 unchanged; "
                + "0 findings mapped to no task", states.get(1).path("comment").asText());

        LoggedRequest log = file("job-42.log");
        assertEquals("text/plain", log.getHeader("DCI-MIME"));
        assertEquals("42", log.getHeader("DCI-JOB-ID"));
        assertEquals(md5(log.getBody()), log.getHeader("DCI-MD5"));
        String logText = log.getBodyAsString();
        assertTrue(logText.contains("job 42: analysis with noop on remote agent 7"), logText);
        assertTrue(logText.contains("no report file uploaded: the noop connector read none"), logText);
        assertTrue(logText.contains("ended success: No-op: 0 findings"), logText);
        assertEquals(JUnitReport.MIME, file("import-results.xml").getHeader("DCI-MIME"));
        assertEquals(2, requests("/api/v1/files").size(), "the log and the results; noop reads no report");
        assertEquals(0, api.findAll(postRequestedFor(urlEqualTo("/api/v1/jobs/42/tasks"))).size(), "nothing changed");

        assertEverythingSigned();
    }

    @Test
    void aConflictOnAHeartbeatInterruptsTheConnectorAndPostsNothingMore() throws Exception {
        api.stubFor(post(urlEqualTo("/api/v1/jobstates")).withRequestBody(containing("Still running")).atPriority(1)
                .willReturn(aResponse().withStatus(409).withHeader("Content-Type", "application/json")
                        .withBody("{\"status_code\": 409, \"message\": \"Job 42 was killed.\", \"payload\": {}}")));
        CountDownLatch interrupted = new CountDownLatch(1);
        AnalysisConnector slow = new AnalysisConnector() {
            @Override
            public String system() {
                return "slow";
            }

            @Override
            public AnalysisReport fetchReport(Map<String, Object> params, JobLog log) throws ConnectorFailure {
                try {
                    Thread.sleep(60_000);
                    throw new AssertionError("never interrupted");
                } catch (InterruptedException e) {
                    interrupted.countDown();
                    throw new ConnectorFailure("interrupted");
                }
            }
        };
        RemoteJobRunner runner = new RemoteJobRunner(client(), new Connectors(List.of(slow), List.of()),
                new AnalysisImportService(), new AlmSyncService(AlmTestSupport.config()), LocalParams.none(),
                Duration.ofMillis(100), Duration.ofMillis(10), Duration.ofMillis(40));

        long start = System.nanoTime();
        runner.run(job(42, ConnectionKind.ANALYSIS, "slow", Map.of()));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5, "stopped at the 409");

        assertTrue(interrupted.await(1, TimeUnit.SECONDS), "the connector's thread was interrupted");
        List<JsonNode> states = jobStates();
        assertEquals(List.of("running", "running"), states.stream().map(s -> s.path("status").asText()).toList(),
                "the start, one heartbeat answered 409, then nothing: no end state");
        assertTrue(states.get(1).path("comment").asText().startsWith("Still running"));
        assertTrue(requests("/api/v1/files").isEmpty(), "no file after a 409");
        assertEverythingSigned();
    }

    @Test
    void anAgentStoppedMidRunEndsItsJobErrorSayingSo() throws Exception {
        api.stubFor(post(urlEqualTo("/api/v1/jobs/schedule")).inScenario("queue").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(assigned(42, "analysis", "slow", Map.of())).willSetStateTo("empty"));
        api.stubFor(post(urlEqualTo("/api/v1/jobs/schedule")).inScenario("queue").whenScenarioStateIs("empty")
                .willReturn(noJob()));
        CountDownLatch running = new CountDownLatch(1);
        AnalysisConnector slow = new AnalysisConnector() {
            @Override
            public String system() {
                return "slow";
            }

            @Override
            public AnalysisReport fetchReport(Map<String, Object> params, JobLog log) throws ConnectorFailure {
                running.countDown();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new ConnectorFailure("interrupted");
            }
        };
        RemoteJobRunner runner = new RemoteJobRunner(client(), new Connectors(List.of(slow), List.of()),
                new AnalysisImportService(), new AlmSyncService(AlmTestSupport.config()), LocalParams.none(),
                Duration.ofSeconds(30), Duration.ofMillis(10), Duration.ofMillis(40));
        Thread agent = new Thread(new RemoteAgent(client(), runner,
                new PollBackoff(Duration.ofMillis(10), Duration.ofMillis(40), Math::random)), "agent-under-test");
        agent.start();
        assertTrue(running.await(5, TimeUnit.SECONDS));

        agent.interrupt();
        agent.join(5000);

        assertFalse(agent.isAlive());
        List<JsonNode> states = jobStates();
        assertEquals(List.of("running", "error"), states.stream().map(s -> s.path("status").asText()).toList());
        assertEquals("The remote agent was stopped during the run.", states.get(1).path("comment").asText());
        assertEquals(1, requests("/api/v1/jobs/schedule").size(), "no poll after the stop");
    }

    @Test
    void localParamsOverrideTheJobsAndNeverLeaveTheAgent(@TempDir Path folder) throws Exception {
        String localToken = "local-secret-token-123";
        String localPath = "local-only-report.sarif";
        Path file = folder.resolve("params.json");
        Files.writeString(file, """
                {"params": {"alm_api_token": "%s"},
                 "connections": {"5": {"report_path": "%s"}, "6": {"report_path": "not-this-one"}}}
                """.formatted(localToken, localPath));
        AtomicReference<Map<String, Object>> seen = new AtomicReference<>();
        AnalysisConnector careless = new AnalysisConnector() {
            @Override
            public String system() {
                return "careless";
            }

            @Override
            public AnalysisReport fetchReport(Map<String, Object> params, JobLog log) throws ConnectorFailure {
                seen.set(params);
                // A connector that repeats its params: the agent must still send none of the local ones.
                log.info("using token " + params.get("alm_api_token"));
                throw new ConnectorFailure("cannot read " + params.get("report_path"));
            }
        };
        RemoteJobRunner runner = new RemoteJobRunner(client(), new Connectors(List.of(careless), List.of()),
                new AnalysisImportService(), new AlmSyncService(AlmTestSupport.config()), LocalParams.read(file, JSON),
                Duration.ofSeconds(30), Duration.ofMillis(10), Duration.ofMillis(40));

        runner.run(job(42, ConnectionKind.ANALYSIS, "careless", Map.of("alm_api_token", "job-token",
                "report_path", "from-synclane.sarif", "import_behaviour", "combine")));

        assertEquals(Map.of("alm_api_token", localToken, "report_path", localPath, "import_behaviour", "combine"),
                seen.get(), "every job's local params, then its job definition's, over the job's own");
        List<JsonNode> states = jobStates();
        assertEquals("failure", states.get(1).path("status").asText());
        assertEquals("cannot read " + LocalParams.REDACTED, states.get(1).path("comment").asText());
        assertTrue(file("job-42.log").getBodyAsString().contains("using token " + LocalParams.REDACTED));
        for (LoggedRequest request : api.getAllServeEvents().stream().map(e -> e.getRequest()).toList()) {
            String sent = request.getBodyAsString() + request.getHeaders().all().stream().map(HttpHeader::toString)
                    .reduce("", String::concat);
            assertFalse(sent.contains(localToken), request.getUrl() + " sent the local token");
            assertFalse(sent.contains(localPath), request.getUrl() + " sent the local report path");
        }
        assertEverythingSigned();
    }

    @Test
    void anImportsVerdictsAreWrittenThroughTheTaskApiAndUploadedWithItsReportAndResults() throws Exception {
        byte[] reportBytes = "{\"version\": \"2.1.0\"}".getBytes(StandardCharsets.UTF_8);
        AnalysisConnector scanner = new AnalysisConnector() {
            @Override
            public String system() {
                return "scanner";
            }

            @Override
            public AnalysisReport fetchReport(Map<String, Object> params, JobLog log) {
                throw new AssertionError("the agent asks for the report's bytes");
            }

            @Override
            public AnalysisReport fetchReport(Map<String, Object> params, JobLog log, Consumer<ReportFile> keep) {
                keep.accept(new ReportFile("report.sarif", "application/sarif+json", reportBytes));
                return new AnalysisReport("Scanner", Set.of(89, 79), List.of(new Finding("sqli", Set.of(89),
                        "SQL injection", "A.java:1")), 0);
            }
        };
        api.stubFor(get(urlEqualTo("/api/v1/jobs/42/tasks")).willReturn(okJson(tasks(
                task(12, "T1", "none", "TODO", List.of(89), null), task(13, "T2", "none", "TODO", List.of(79), null),
                task(14, "T3", "pass", "TODO", List.of(79, 352), null), task(15, "T4", "none", "TODO", List.of(), null)))));
        api.stubFor(post(urlEqualTo("/api/v1/jobs/42/tasks")).willReturn(aResponse().withStatus(204)));
        RemoteJobRunner runner = new RemoteJobRunner(client(), new Connectors(List.of(scanner), List.of()),
                new AnalysisImportService(), new AlmSyncService(AlmTestSupport.config()), LocalParams.none(),
                Duration.ofSeconds(30), Duration.ofMillis(10), Duration.ofMillis(40));

        runner.run(job(42, ConnectionKind.ANALYSIS, "scanner", Map.of("task_status_mapping", Map.of("pass", "DONE"))));

        List<LoggedRequest> writes = api.findAll(postRequestedFor(urlEqualTo("/api/v1/jobs/42/tasks")));
        assertEquals(1, writes.size(), "one post with every change");
        assertTrue(equalToJson("""
                {"tasks": [
                  {"id": "12", "status": "TODO", "verification_status": "fail", "alm_issue": null},
                  {"id": "13", "status": "DONE", "verification_status": "pass", "alm_issue": null},
                  {"id": "14", "status": "TODO", "verification_status": "partial", "alm_issue": null}]}
                """).match(writes.get(0).getBodyAsString()).isExactMatch(), writes.get(0).getBodyAsString());
        assertEquals("success", jobStates().get(1).path("status").asText());

        LoggedRequest report = file("report.sarif");
        assertEquals("application/sarif+json", report.getHeader("DCI-MIME"));
        assertEquals(new String(reportBytes, StandardCharsets.UTF_8), report.getBodyAsString());
        Element suite = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(file("import-results.xml").getBody())).getDocumentElement();
        assertEquals(List.of("3", "1", "1"), List.of(suite.getAttribute("tests"), suite.getAttribute("failures"),
                suite.getAttribute("skipped")));
        assertEverythingSigned();
    }

    @Test
    void anAlmSyncReadsTasksWithTheirIssuesAndWritesEachOutcomeAsItGoes() throws Exception {
        AlmConnector alm = new AlmConnector() {
            @Override
            public String system() {
                return "fake-alm";
            }

            @Override
            public AlmTracker connect(Map<String, Object> params, JobLog log) {
                return new AlmTracker() {
                    @Override
                    public Optional<TrackedIssue> findIssue(String taskId, String storedKey) {
                        // T2's issue, known by its stored key, was closed in the ALM since the last sync.
                        return "FAKE-2".equals(storedKey) ? Optional.of(new TrackedIssue("FAKE-2", "T2: Encode",
                                true, Instant.parse("2026-12-03T08:00:00Z"), "http://alm/FAKE-2")) : Optional.empty();
                    }

                    @Override
                    public TrackedIssue createIssue(String title, String body) {
                        assertEquals("T1: Parameterize", title);
                        return new TrackedIssue("FAKE-1", title, false, Instant.now(), "http://alm/FAKE-1");
                    }

                    @Override
                    public TrackedIssue setDone(TrackedIssue issue, boolean done) {
                        throw new AssertionError("no issue moves in this sync");
                    }
                };
            }
        };
        api.stubFor(get(urlEqualTo("/api/v1/jobs/42/tasks")).willReturn(okJson(tasks(
                task(21, "T1", "none", "TODO", List.of(), null),
                task(22, "T2", "none", "TODO", List.of(), Map.of("key", "FAKE-2", "url", "http://alm/FAKE-2",
                        "synced_done", false))))));
        api.stubFor(post(urlEqualTo("/api/v1/jobs/42/tasks")).willReturn(aResponse().withStatus(204)));
        RemoteJobRunner runner = new RemoteJobRunner(client(), new Connectors(List.of(), List.of(alm)),
                new AnalysisImportService(), new AlmSyncService(AlmTestSupport.config()), LocalParams.none(),
                Duration.ofSeconds(30), Duration.ofMillis(10), Duration.ofMillis(40));

        runner.run(job(42, ConnectionKind.ALM, "fake-alm", Map.of("title_format", "$task_id $title")));

        List<String> writes = api.findAll(postRequestedFor(urlEqualTo("/api/v1/jobs/42/tasks"))).stream()
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate)).map(LoggedRequest::getBodyAsString).toList();
        assertEquals(2, writes.size(), "each task's outcome written on its own");
        assertTrue(equalToJson("""
                {"tasks": [{"id": "21", "status": null, "verification_status": null,
                            "alm_issue": {"key": "FAKE-1", "url": "http://alm/FAKE-1", "synced_done": false}}]}
                """).match(writes.get(0)).isExactMatch(), writes.get(0));
        assertTrue(equalToJson("""
                {"tasks": [{"id": "22", "status": "DONE", "verification_status": null,
                            "alm_issue": {"key": "FAKE-2", "url": "http://alm/FAKE-2", "synced_done": true}}]}
                """).match(writes.get(1)).isExactMatch(), writes.get(1));
        JsonNode end = jobStates().get(1);
        assertEquals("success", end.path("status").asText());
        assertEquals("fake-alm: 2 tasks in scope: 1 created, 1 updated, 0 unchanged, 0 skipped, 0 failed",
                end.path("comment").asText());
        assertEquals(1, requests("/api/v1/files").size(), "an ALM sync uploads its log only");
        assertEverythingSigned();
    }

    // --- the agent under test

    private DciClient client() {
        return new DciClient(URI.create(api.baseUrl()), AGENT_ID, SECRET, Duration.ofSeconds(5), JSON,
                Clock.systemUTC());
    }

    private RemoteJobRunner runner(LocalParams local, Duration heartbeat) {
        return new RemoteJobRunner(client(), new Connectors(List.of(new NoopConnector()), List.of()),
                new AnalysisImportService(), new AlmSyncService(AlmTestSupport.config()), local, heartbeat,
                Duration.ofMillis(10), Duration.ofMillis(40));
    }

    private static AssignedJob job(long id, ConnectionKind kind, String system, Map<String, Object> params) {
        return new AssignedJob(id, "5", "Inside", kind, system, 3, params);
    }

    // --- the api-service's answers

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder noJob() {
        return aResponse().withStatus(412).withHeader("Content-Type", "application/json")
                .withBody("{\"status_code\": 412, \"message\": \"No jobs available for run.\", \"payload\": {}}");
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder assigned(long id, String kind,
            String system, Map<String, Object> params) throws Exception {
        Map<String, Object> definition = Map.of("id", "5", "name", "Inside scanner", "kind", kind, "system", system,
                "project_id", "3", "params", params);
        Map<String, Object> job = Map.ofEntries(Map.entry("id", String.valueOf(id)), Map.entry("etag", "e1"),
                Map.entry("status", "pre-run"), Map.entry("comment", ""), Map.entry("recheck", false),
                Map.entry("created_at", TIME), Map.entry("updated_at", TIME), Map.entry("remoteci_id", AGENT_ID),
                Map.entry("jobdefinition_id", "5"), Map.entry("team_id", "1"), Map.entry("jobdefinition", definition));
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody(JSON.writeValueAsString(Map.of("job", job)));
    }

    private static Map<String, Object> task(long id, String taskId, String verification, String status,
            List<Integer> cwes, Map<String, Object> almIssue) {
        Map<String, Object> task = new java.util.LinkedHashMap<>();
        task.put("id", String.valueOf(id));
        task.put("task_id", taskId);
        task.put("title", taskId.equals("T1") ? "Parameterize" : "Encode");
        task.put("text", "");
        task.put("phase", "development");
        task.put("priority", 8);
        task.put("status", status);
        task.put("verification_status", verification);
        task.put("cwes", cwes);
        task.put("tags", List.of());
        task.put("updated_at", TIME);
        task.put("alm_issue", almIssue);
        return task;
    }

    @SafeVarargs
    private static String tasks(Map<String, Object>... tasks) throws Exception {
        return JSON.writeValueAsString(Map.of("_meta", Map.of("count", tasks.length), "tasks", List.of(tasks)));
    }

    // --- what the agent sent

    /** Requests to a path, oldest first. */
    private List<LoggedRequest> requests(String path) {
        List<LoggedRequest> found = new ArrayList<>(api.findAll(postRequestedFor(urlEqualTo(path))));
        found.sort(Comparator.comparing(LoggedRequest::getLoggedDate));
        return found;
    }

    private List<JsonNode> jobStates() throws Exception {
        List<JsonNode> states = new ArrayList<>();
        for (LoggedRequest request : requests("/api/v1/jobstates")) {
            states.add(JSON.readTree(request.getBody()));
        }
        return states;
    }

    private LoggedRequest file(String name) {
        List<LoggedRequest> found = api.findAll(postRequestedFor(urlEqualTo("/api/v1/files"))
                .withHeader("DCI-NAME", equalTo(name)));
        assertEquals(1, found.size(), "one upload of " + name);
        return found.get(0);
    }

    private static long gap(List<LoggedRequest> requests, int after) {
        return requests.get(after + 1).getLoggedDate().getTime() - requests.get(after).getLoggedDate().getTime();
    }

    /** Each request as the server sees it verifies against the agent's secret, over its body and Host as received. */
    private void assertEverythingSigned() {
        List<LoggedRequest> all = api.getAllServeEvents().stream().map(e -> e.getRequest()).toList();
        assertFalse(all.isEmpty());
        for (LoggedRequest request : all) {
            Credential credential = Credential.parse(request.getHeader("Authorization")).orElseThrow(
                    () -> new AssertionError(request.getUrl() + " is not signed DCI2-HMAC-SHA256"));
            assertEquals("remoteci/" + AGENT_ID, credential.client());
            Dci2Signature.Request received = new Dci2Signature.Request(request.getMethod().getName(), request.getUrl(),
                    List.of(), request::getHeader, request.getBody());
            assertTrue(Dci2Signature.verify(credential, received, SECRET, Instant.now()),
                    request.getMethod() + " " + request.getUrl() + " does not verify");
            assertFalse(Dci2Signature.verify(credential, received, "another-secret", Instant.now()));
            assertFalse(request.getBodyAsString().contains(SECRET), "the secret itself never travels");
        }
    }

    private static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }
}
