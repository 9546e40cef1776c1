package io.synclane.api.face.rpm;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.synclane.api.testing.Accounts;
import io.synclane.api.testing.Accounts.Account;
import io.synclane.api.testing.Fixtures;
import io.synclane.common.domain.JobState;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.job.JobStore;
import io.synclane.common.job.JobStore.Claim;
import io.synclane.common.job.JobStore.NotificationAttempt;
import io.synclane.common.job.JobStore.NotificationRun;
import io.synclane.common.job.RunnerProcess;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** {@code /v1/job_runs}: formats, filters, errors, authentication, team walls and caching, as seed 003 and its README say. */
@QuarkusTest
class JobRunResourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RunnerProcess WORKER_A = new RunnerProcess("worker-a", 7408);
    private static final RunnerProcess WORKER_B = new RunnerProcess("worker-b", 9001);

    @Inject
    JobStore store;

    private Account owner;
    private Account colleague;
    private int firstConnection;
    private int secondConnection;
    private Claim complete;
    private Claim problem;
    private Claim running;

    /** A team with three runs: one complete and one problem on a first connection, one running on a second. */
    @BeforeEach
    void threeRuns() {
        JobRuns runs = new JobRuns(store);
        owner = Accounts.newTeamUser(true, true, true);
        colleague = Accounts.userOf(owner.teamId(), true, true);
        firstConnection = Fixtures.analysisConnection(owner).connectionId();
        secondConnection = Fixtures.analysisConnection(owner).connectionId();
        complete = runs.ended(owner, firstConnection, WORKER_A, JobStatus.SUCCESS, "imported 3 findings\n", "");
        problem = runs.ended(colleague, firstConnection, WORKER_B, JobStatus.FAILURE, "", "report unreadable\n");
        running = runs.running(owner, secondConnection, WORKER_A);
    }

    // ---- formats ---------------------------------------------------------------------------------------------------

    @Test
    void theFormatComesFromTheSuffixThenTheFormatParameterThenAcceptAndIsJsonOtherwise() {
        assertEquals("application/xml;charset=utf-8", get("/v1/job_runs.xml", Map.of()).contentType());
        assertEquals("application/json;charset=utf-8", get("/v1/job_runs.json", Map.of()).contentType());
        assertEquals("application/xml;charset=utf-8", get("/v1/job_runs", Map.of("format", "xml")).contentType());
        assertEquals("application/xml;charset=utf-8", given().queryParam("token", owner.token())
                .accept("application/xml").get("/v1/job_runs").contentType());
        assertEquals("application/xml;charset=utf-8", given().queryParam("token", owner.token())
                .accept("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8").get("/v1/job_runs").contentType());
        assertEquals("application/json;charset=utf-8", given().queryParam("token", owner.token())
                .accept("application/xml").get("/v1/job_runs.json").contentType(), "the suffix wins over Accept");
        assertEquals("application/json;charset=utf-8", get("/v1/job_runs", Map.of()).contentType());

        Response yaml = get("/v1/job_runs.yaml", Map.of());
        assertEquals(406, yaml.statusCode());
        assertTrue(yaml.asString().contains("\"error\""), yaml.asString());
    }

    @Test
    void aListIsOldestFirstAndXmlIsAnArrayOfJobRuns() throws Exception {
        assertEquals(List.of(complete.runId(), problem.runId(), running.runId()), ids(get("/v1/job_runs", Map.of())));

        String xml = get("/v1/job_runs.xml", Map.of()).asString();
        assertTrue(xml.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<job-runs type=\"array\">\n"), xml);
        Element list = RpmSeedContractTest.xml(xml);
        assertEquals(3, list.getElementsByTagName("job-run").getLength());
    }

    @Test
    void aRunShowsItsStepAndRequestInRpmsWords() throws Exception {
        JsonNode done = JSON.readTree(get("/v1/job_runs/" + problem.runId() + ".json", Map.of()).asString());
        assertEquals(firstConnection, done.get("automation_id").asInt());
        assertEquals("automation", done.get("job_type").asText());
        assertEquals(9001, done.get("process_id").asInt());
        assertEquals("Problem", done.get("status").asText());
        assertTrue(done.get("stdout").isNull(), "an empty output is null, as the seed shows it");
        assertEquals("report unreadable\n", done.get("stderr").asText());
        assertEquals(problem.jobId(), done.get("step").get("id").asLong());
        assertEquals("problem", done.get("step").get("aasm_state").asText());
        assertEquals("Import (import_sarif)", done.get("step").get("name").asText());
        assertEquals(done.get("finished_at"), done.get("updated_at"));
        assertTrue(done.get("finished_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00"),
                done.get("finished_at").asText());

        JsonNode underWay = JSON.readTree(get("/v1/job_runs/" + running.runId(), Map.of()).asString());
        assertEquals("Running", underWay.get("status").asText());
        assertTrue(underWay.get("finished_at").isNull());
        assertEquals("in_process", underWay.get("step").get("aasm_state").asText());
        assertEquals("started", underWay.get("step").get("request").get("aasm_state").asText(),
                "the project's newest job is running");

        String xml = get("/v1/job_runs/" + running.runId() + ".xml", Map.of()).asString();
        assertTrue(xml.contains("<finished-at type=\"datetime\" nil=\"true\"></finished-at>"), xml);
    }

    @Test
    void theResultsPathServesTheRunsOutput() {
        String path = get("/v1/job_runs/" + complete.runId(), Map.of()).jsonPath().getString("results_path");
        Response output = get(path, Map.of());
        assertEquals(200, output.statusCode());
        assertEquals("text/plain;charset=utf-8", output.contentType());
        assertEquals("imported 3 findings\n", output.asString());
        assertEquals(403, given().get(path).statusCode(), "the output needs the token too");
    }

    // ---- filters ---------------------------------------------------------------------------------------------------

    @Test
    void eachFilterAloneSelectsItsRuns() {
        assertEquals(List.of(running.runId()), ids(get("/v1/job_runs", Map.of("currently_running", "true"))));
        assertEquals(List.of(complete.runId(), problem.runId()), ids(get("/v1/job_runs", Map.of("currently_running", "false"))));
        assertEquals(List.of(problem.runId()), ids(get("/v1/job_runs", Map.of("run_key", problem.runKey()))));
        assertEquals(List.of(complete.runId()), ids(get("/v1/job_runs", Map.of("status", "Complete"))));
        assertEquals(List.of(complete.runId(), problem.runId(), running.runId()),
                ids(get("/v1/job_runs", Map.of("job_type", "automation"))));
        assertEquals(List.of(problem.runId()), ids(get("/v1/job_runs", Map.of("process_id", 9001))));
        assertEquals(List.of(running.runId()), ids(get("/v1/job_runs", Map.of("automation_id", secondConnection))));
        assertEquals(List.of(problem.runId()), ids(get("/v1/job_runs", Map.of("user_id", colleague.userId()))));
        assertEquals(List.of(complete.runId()), ids(get("/v1/job_runs", Map.of("step_id", complete.jobId()))));
    }

    @Test
    void filtersAreAndedAndTakeRpmsBracketSpellingToo() {
        assertEquals(List.of(complete.runId()), ids(get("/v1/job_runs",
                Map.of("automation_id", firstConnection, "process_id", 7408))));
        assertEquals(List.of(running.runId()), ids(get("/v1/job_runs",
                Map.of("filters[currently_running]", "true", "filters[process_id]", 7408))));
        assertEquals(404, get("/v1/job_runs", Map.of("automation_id", secondConnection, "status", "Complete")).statusCode());
        Response statuses = given().queryParam("token", owner.token()).queryParam("status", "Complete", "problem")
                .get("/v1/job_runs");
        assertEquals(List.of(complete.runId(), problem.runId()), ids(statuses), "a repeated status is any of them");
    }

    @Test
    void aWrongTypeOrAnUnknownFilterIsRefusedNamingItInEitherFormat() throws Exception {
        assertError(get("/v1/job_runs", Map.of("run_key", "abc")), 400, "run_key");
        assertError(get("/v1/job_runs", Map.of("currently_running", "maybe")), 400, "currently_running");
        assertError(get("/v1/job_runs", Map.of("status", "Finished")), 400, "status");
        assertError(get("/v1/job_runs", Map.of("job_type", "cron")), 400, "job_type");
        assertError(get("/v1/job_runs", Map.of("process_id", "99999999999999999999")), 400, "process_id");
        assertError(get("/v1/job_runs", Map.of("colour", "red")), 400, "colour");
        assertError(get("/v1/job_runs", Map.of("filters[colour]", "red")), 400, "colour");
        assertError(get("/v1/job_runs", Map.of("co\"lour</error>", "red")), 400, "co\"lour</error>");
        assertTrue(RpmSeedContractTest.xml(get("/v1/job_runs.xml", Map.of("co\"lour</error>", "red")).asString())
                .getTextContent().contains("co\"lour</error>"), "the name is escaped, not markup");

        Response xml = get("/v1/job_runs.xml", Map.of("step_id", "x"));
        assertEquals(400, xml.statusCode());
        assertEquals("application/xml;charset=utf-8", xml.contentType());
        Element errors = RpmSeedContractTest.xml(xml.asString());
        assertEquals("errors", errors.getTagName());
        assertTrue(errors.getElementsByTagName("error").item(0).getTextContent().startsWith("step_id "), xml.asString());
    }

    @Test
    void aListWithNoMatchAndAnUnknownRunAre404() throws Exception {
        assertError(get("/v1/job_runs", Map.of("job_type", "notification")), 404, "No records found");
        assertError(get("/v1/job_runs/999999999", Map.of()), 404, "Record not found");
        assertError(get("/v1/job_runs/abc", Map.of()), 404, "Record not found");
        Response xml = get("/v1/job_runs/999999999.xml", Map.of());
        assertEquals(404, xml.statusCode());
        assertEquals("errors", RpmSeedContractTest.xml(xml.asString()).getTagName());
    }

    /**
     * A notification about a job (a webhook delivery, as a worker records it through the job core) is a run of
     * job_type notification: listed and filtered as such, and left alone by the end of the job's own run.
     */
    @Test
    void notificationRunsAreListedAsSuchAndTheJobsEndLeavesThemAlone() throws Exception {
        NotificationRun sending = QuarkusTransaction.requiringNew().call(() -> store.startNotificationRuns(
                List.of(new NotificationAttempt(running.jobId(), 1)), WORKER_B)).get(0);
        QuarkusTransaction.requiringNew().run(() -> store.endWithState(running.jobId(), Set.of(JobStatus.RUNNING),
                JobStatus.KILLED, "cancelled by a test"));

        assertEquals(List.of(sending.runId()), ids(get("/v1/job_runs", Map.of("job_type", "notification"))));
        assertEquals(List.of(complete.runId(), problem.runId(), running.runId()),
                ids(get("/v1/job_runs", Map.of("job_type", "automation"))));
        assertEquals(List.of(sending.runId()), ids(get("/v1/job_runs", Map.of("currently_running", "true"))),
                "the cancel closed the job's own run only");
        assertEquals("Cancelled", get("/v1/job_runs/" + running.runId(), Map.of()).jsonPath().getString("status"));
        JsonNode underWay = JSON.readTree(get("/v1/job_runs/" + sending.runId(), Map.of()).asString());
        assertEquals("notification", underWay.get("job_type").asText());
        assertEquals("Running", underWay.get("status").asText());
        assertEquals(running.jobId(), underWay.get("step").get("id").asLong());
        assertEquals(9001, underWay.get("process_id").asLong());
        assertEquals(sending.runKey(), underWay.get("run_key").asLong());

        QuarkusTransaction.requiringNew().run(() -> assertTrue(store.endNotificationRun(sending.runId(),
                JobStatus.SUCCESS, "POST https://203.0.113.10/... -> 200 in 12 ms\n", "")));
        assertError(get("/v1/job_runs", Map.of("job_type", "notification", "currently_running", "true")), 404,
                "No records found");
        JsonNode sent = JSON.readTree(get("/v1/job_runs/" + sending.runId() + ".json", Map.of()).asString());
        assertEquals("Complete", sent.get("status").asText());
        assertTrue(sent.get("stdout").asText().startsWith("POST https://203.0.113.10/"), sent.toString());
        assertEquals("problem", sent.get("step").get("aasm_state").asText(), "the job is still killed");
        assertTrue(get("/v1/job_runs/" + sending.runId() + ".xml", Map.of()).asString()
                .contains("<job-type>notification</job-type>"));
        assertEquals(List.of("scheduled", "running", "killed"), QuarkusTransaction.requiringNew().call(
                () -> JobState.listForJob(running.jobId()).stream().map(state -> state.status.wire()).toList()),
                "the notification recorded no job state");
    }

    // ---- authentication and team walls -----------------------------------------------------------------------------

    @Test
    void theTokenComesAsAQueryParameterOrAHeaderAndIsOtherwise403() throws Exception {
        assertEquals(200, given().header("token", owner.token()).get("/v1/job_runs").statusCode());
        assertError(given().get("/v1/job_runs"), 403, "token");
        assertError(given().queryParam("token", "not-a-token").get("/v1/job_runs/" + complete.runId()), 403, "token");
        Response xml = given().queryParam("token", "not-a-token").get("/v1/job_runs.xml");
        assertEquals(403, xml.statusCode());
        assertEquals("errors", RpmSeedContractTest.xml(xml.asString()).getTagName());
    }

    @Test
    void anotherTeamsRunsAreInvisible() {
        Account stranger = Accounts.newTeamUser(true, true, true);
        assertEquals(404, given().queryParam("token", stranger.token()).get("/v1/job_runs/" + complete.runId()).statusCode());
        assertEquals(404, given().queryParam("token", stranger.token()).get("/v1/job_runs/" + complete.runId() + "/output")
                .statusCode());
        assertEquals(404, given().queryParam("token", stranger.token()).queryParam("automation_id", firstConnection)
                .get("/v1/job_runs").statusCode());
        Response theirs = given().queryParam("token", stranger.token()).get("/v1/job_runs");
        assertTrue(theirs.statusCode() == 404 || !ids(theirs).contains(complete.runId()), theirs.asString());
    }

    @Test
    void writesAre405WithAllowGetForAValidTokenAnd403ForAnInvalidOne() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE")) {
            String path = method.equals("POST") ? "/v1/job_runs" : "/v1/job_runs/" + complete.runId();
            Response allowed = given().queryParam("token", owner.token()).request(method, path);
            assertEquals(405, allowed.statusCode(), method);
            assertEquals("GET", allowed.header("Allow"), method);
            assertTrue(allowed.asString().contains("\"error\""), allowed.asString());
            assertEquals(403, given().queryParam("token", "not-a-token").request(method, path).statusCode(), method);
        }
        Response xml = given().queryParam("token", owner.token()).post("/v1/job_runs.xml");
        assertEquals(405, xml.statusCode());
        assertEquals("application/xml;charset=utf-8", xml.contentType());
        assertEquals("errors", RpmSeedContractTest.xml(xml.asString()).getTagName());
    }

    // ---- caching and request ids -----------------------------------------------------------------------------------

    @Test
    void aMatchingIfNoneMatchIs304AndAChangeChangesTheETag() {
        Response first = get("/v1/job_runs", Map.of());
        String etag = first.header("ETag");
        Response again = given().queryParam("token", owner.token()).header("If-None-Match", etag).get("/v1/job_runs");
        assertEquals(304, again.statusCode());
        assertEquals(etag, again.header("ETag"));
        assertEquals("", again.asString());
        assertEquals(200, given().queryParam("token", owner.token()).header("If-None-Match", "\"stale\"")
                .get("/v1/job_runs").statusCode());
        assertEquals(304, given().queryParam("token", owner.token()).header("If-None-Match", "W/" + etag)
                .get("/v1/job_runs").statusCode(), "If-None-Match compares weakly");

        new JobRuns(store).ended(owner, firstConnection, WORKER_A, JobStatus.SUCCESS, "again\n", "");
        Response changed = given().queryParam("token", owner.token()).header("If-None-Match", etag).get("/v1/job_runs");
        assertEquals(200, changed.statusCode());
        assertFalse(etag.equals(changed.header("ETag")));
    }

    @Test
    void theRequestIdIsKeptOrMadeAndTheLogLineHasItButNeverTheToken() throws Exception {
        String id = "rpm-" + UUID.randomUUID();
        Response kept = given().queryParam("token", owner.token()).header("X-Request-Id", id).get("/v1/job_runs.xml");
        assertEquals(id, kept.header("X-Request-Id"));
        String made = get("/v1/job_runs", Map.of()).header("X-Request-Id");
        assertTrue(made.matches("[0-9a-f]{32}"), made);
        assertEquals(32, given().queryParam("token", "bad").get("/v1/job_runs").header("X-Request-Id").length(),
                "a refusal carries one too");
        assertTrue(given().header("X-Request-Id", "evil\nline").queryParam("token", owner.token()).get("/v1/job_runs")
                .header("X-Request-Id").matches("[0-9a-f]{32}"), "an id that could forge a log line is replaced");

        // The request's own line (its log context names the request; other lines of it may come first).
        String log = awaitLogLine(id, "GET /v1/job_runs.xml");
        assertTrue(log.contains("GET /v1/job_runs.xml?token=*** 200"), log);
        assertFalse(Files.readString(Path.of("target/api-service-test.log")).contains(owner.token()),
                "the token was written to the log");
    }

    // ---- long lists ------------------------------------------------------------------------------------------------

    @Test
    void aListLongerThanTheBufferStreamsWholeWithoutAnETag() throws Exception {
        Account big = Accounts.newTeamUser(true, true, true);
        int connection = Fixtures.analysisConnection(big).connectionId();
        String output = "x".repeat(400_000) + "\n";
        JobRuns runs = new JobRuns(store);
        int count = RpmResponses.BUFFERED_BODY_LIMIT / output.length() + 2;
        for (int i = 0; i < count; i++) {
            runs.ended(big, connection, WORKER_A, JobStatus.SUCCESS, output, "");
        }
        Response answer = given().queryParam("token", big.token()).get("/v1/job_runs");
        assertEquals(200, answer.statusCode());
        assertNull(answer.header("ETag"), "its digest is known only after the last byte: " + answer.headers());
        assertEquals("max-age=0, private, must-revalidate", answer.header("Cache-Control"));
        JsonNode list = JSON.readTree(answer.asString());
        assertEquals(count, list.size());
        assertEquals(output, list.get(count - 1).get("stdout").asText());
        assertEquals(count, RpmSeedContractTest.xml(given().queryParam("token", big.token()).get("/v1/job_runs.xml").asString())
                .getElementsByTagName("job-run").getLength());
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private Response get(String path, Map<String, ?> query) {
        return given().queryParam("token", owner.token()).queryParams(query).get(path);
    }

    private static List<Long> ids(Response list) {
        assertEquals(200, list.statusCode(), list.asString());
        try {
            List<Long> ids = new ArrayList<>();
            JSON.readTree(list.asString()).forEach(run -> ids.add(run.get("id").asLong()));
            return ids;
        } catch (Exception e) {
            throw new AssertionError(list.asString(), e);
        }
    }

    private static void assertError(Response answer, int status, String named) throws Exception {
        assertEquals(status, answer.statusCode(), answer.asString());
        assertEquals("application/json;charset=utf-8", answer.contentType());
        JsonNode body = JSON.readTree(answer.asString());
        assertEquals(1, body.size(), answer.asString());
        assertTrue(body.get("error").asText().contains(named), answer.asString());
    }

    private static String awaitLogLine(String requestId, String text) throws Exception {
        Path log = Path.of("target/api-service-test.log");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(log)) {
                if (line.contains("request_id=" + requestId) && line.contains(text)) {
                    return line;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no log line has request_id=" + requestId);
    }
}
