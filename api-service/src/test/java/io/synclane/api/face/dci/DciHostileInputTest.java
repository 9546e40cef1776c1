package io.synclane.api.face.dci;

import static io.synclane.api.face.dci.DciCalls.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.synclane.api.face.dci.DciCalls.Agent;
import io.synclane.api.testing.Accounts;
import io.synclane.api.testing.Accounts.Account;
import io.synclane.api.testing.Fixtures;
import io.synclane.common.domain.AlmIssue;
import io.synclane.common.domain.JobFile;
import io.synclane.common.domain.JobState;
import io.synclane.common.domain.Task;
import io.synclane.common.domain.TaskStatus;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's defects of the /api/v1 face: what PostgreSQL cannot store (a NUL in a comment, a file name, a filter, a
 * login) or compare (a year 99999) is a refusal naming its key, not a 500; an agent's task outcomes are written all or
 * none; JSON the face cannot read is refused in its own shape without Jackson's words.
 */
@QuarkusTest
class DciHostileInputTest {
    private Account admin;
    private String job;

    @BeforeEach
    void aJob() {
        admin = Accounts.newTeamAdmin();
        job = DciCalls.createJob(admin, Fixtures.analysisConnection(admin).connectionId());
    }

    @Test
    void aNulInACommentOrAFileNameIsRefusedNamingItAndWritesNothing() {
        long states = states(job);
        Response comment = as(admin).body("{\"job_id\": " + job + ", \"status\": \"killed\", \"comment\": \"why\\u0000\"}")
                .post("/api/v1/jobstates");
        assertRefused(comment, "comment", "must not contain NUL characters");
        Response surrogate = as(admin).body("{\"job_id\": " + job + ", \"status\": \"killed\", \"comment\": \"\\udfff\"}")
                .post("/api/v1/jobstates");
        assertRefused(surrogate, "comment", "must not contain surrogate characters (U+DFFF)");
        assertEquals(states, states(job), "the job was not ended");

        Response file = as(admin).body("{\"name\": \"run\\u0000.log\", \"content\": \"x\"}").post("/api/v1/jobs/" + job + "/files");
        assertRefused(file, "name", "must not contain NUL characters");
        Response mime = as(admin).body("{\"name\": \"run.log\", \"mime\": \"text/\\u0000\", \"content\": \"x\"}")
                .post("/api/v1/jobs/" + job + "/files");
        assertRefused(mime, "mime", "must not contain NUL characters");
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> JobFile.count("jobId", Long.parseLong(job))));
    }

    @Test
    void filtersPostgresqlCannotReadAreRefusedNamingWhere() {
        Response nul = as(admin).queryParam("where", "comment:a\u0000b").get("/api/v1/jobs");
        assertRefused(nul, "where", "comment must not contain NUL characters");
        for (String time : List.of("+99999-01-01T00:00:00", "-99999-01-01T00:00:00", "0000-01-01T00:00:00")) {
            Response far = as(admin).queryParam("where", "created_at:" + time).get("/api/v1/jobs");
            assertRefused(far, "where", "created_at must be a time like 2026-12-03T07:40:01.123456");
        }
        assertEquals(200, as(admin).queryParam("where", "created_at:2026-12-03T07:40:01.123456").get("/api/v1/jobs")
                .statusCode());
        Response fullwidth = as(admin).queryParam("where", "id:\uff11").get("/api/v1/jobs");
        assertRefused(fullwidth, "where", "id must be an integer id");
    }

    @Test
    void aLoginWithANulIsRefusedNotFailed() {
        String basic = "Basic " + Base64.getEncoder().encodeToString((admin.email() + "\u0000:" + admin.token())
                .getBytes(StandardCharsets.UTF_8));
        Response answer = RestAssured.given().header("Authorization", basic).get("/api/v1/identity");
        assertEquals(401, answer.statusCode(), answer.asString());
        assertEquals(401, (int) answer.path("status_code"));
    }

    @Test
    void jsonTheFaceCannotReadIsRefusedInItsShape() {
        Response deep = as(admin).body("{\"name\": " + "[".repeat(40) + "]".repeat(40) + "}").post("/api/v1/remotecis");
        assertEquals(400, deep.statusCode(), deep.asString());
        assertTrue(((String) deep.path("message")).startsWith("The body is not valid JSON: Document nesting depth"),
                deep.asString());
        assertTrue(!deep.asString().contains("StreamReadConstraints"), deep.asString());
        Response trailing = as(admin).body("{\"name\": \"a\"}{\"name\": \"b\"}").post("/api/v1/remotecis");
        assertEquals(400, trailing.statusCode(), "a body is one JSON value: " + trailing.asString());
        Response number = as(admin).body("{\"jobdefinition_id\": " + "9".repeat(2000) + "}").post("/api/v1/jobs");
        assertEquals(400, number.statusCode(), number.asString());
    }

    @Test
    void anAgentsTaskOutcomesAreWrittenAllOrNone() {
        Agent agent = DciCalls.newAgent(admin);
        String held = DciCalls.createJob(admin, DciCalls.inaccessibleConnection(admin));
        assertEquals(201, as(agent).body("{\"remoteci_id\": " + agent.id() + "}").post("/api/v1/jobs/schedule").statusCode());
        List<String> tasks = as(agent).get("/api/v1/jobs/" + held + "/tasks").path("tasks.id");
        long first = Long.parseLong(tasks.get(0));
        long second = Long.parseLong(tasks.get(1));
        // the first outcome is valid; the second's issue key holds a NUL (PostgreSQL refused it at commit: a 500)
        Response refused = as(agent).body("""
                {"tasks": [{"id": %d, "status": "DONE", "alm_issue": {"key": "OK-1"}},
                           {"id": %d, "status": "DONE", "alm_issue": {"key": "BAD\\u0000", "url": "http://x/1"}}]}"""
                .formatted(first, second)).post("/api/v1/jobs/" + held + "/tasks");
        assertRefused(refused, "tasks[1].alm_issue.key", "must not contain NUL characters");
        Response longUrl = as(agent).body("""
                {"tasks": [{"id": %d, "alm_issue": {"key": "OK-1", "url": "http://x/%s"}}]}"""
                .formatted(first, "u".repeat(3000))).post("/api/v1/jobs/" + held + "/tasks");
        assertRefused(longUrl, "tasks[0].alm_issue.url", "must be at most 2048 characters");
        QuarkusTransaction.requiringNew().run(() -> {
            assertEquals(TaskStatus.TODO, Task.<Task>findById(first).status, "the valid outcome before it is not kept");
            assertNull(AlmIssue.find("taskId", first).firstResult());
        });
    }

    private static void assertRefused(Response answer, String key, String reason) {
        assertEquals(400, answer.statusCode(), answer.asString());
        assertEquals(400, (int) answer.path("status_code"));
        assertEquals(reason, answer.path("payload.errors.'" + key + "'"), answer.asString());
    }

    private static long states(String job) {
        return QuarkusTransaction.requiringNew().call(() -> JobState.count("jobId", Long.parseLong(job)));
    }
}
