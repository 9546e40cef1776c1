package io.synclane.api.face.dci;

import static io.synclane.api.face.dci.DciCalls.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.synclane.api.face.dci.DciCalls.Agent;
import io.synclane.api.testing.Accounts;
import io.synclane.api.testing.Accounts.Account;
import io.synclane.api.testing.Fixtures;
import io.synclane.common.domain.AlmIssue;
import io.synclane.common.domain.Job;
import io.synclane.common.domain.JobRun;
import io.synclane.common.domain.Task;
import io.synclane.common.domain.TaskStatus;
import io.synclane.common.domain.VerificationStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A remote agent's side of a job of an inaccessible connector: it is handed the next job waiting for it (a
 * recheck first, never one of another team, never one of an accessible connector), with the connection's params;
 * it reports running, renews its lease with each report, reads the project's tasks and writes back what it
 * decided, and ends the job. A cancelled or ended job does not move for it again.
 */
@QuarkusTest
class DciAgentRunTest {
    private Account admin;
    private Agent agent;
    private int remoteConnection;

    @BeforeEach
    void aTeamWithAnAgentAndAnInaccessibleConnection() {
        admin = Accounts.newTeamAdmin();
        agent = DciCalls.newAgent(admin);
        remoteConnection = DciCalls.inaccessibleConnection(admin);
    }

    @Test
    void nothingWaitingIs412() {
        Response answer = as(agent).body("{\"remoteci_id\": \"" + agent.id() + "\", \"topic_id\": \"7\"}")
                .post("/api/v1/jobs/schedule");
        assertEquals(412, answer.statusCode(), answer.asString());
        assertEquals(412, (int) answer.path("status_code"));
        assertEquals("No jobs available for run.", answer.path("message"));
    }

    @Test
    void theAgentIsHandedTheWaitingJobWithTheConnectionItSyncs() {
        String job = DciCalls.createJob(admin, remoteConnection);
        assertEquals("new", as(admin).get("/api/v1/jobs/" + job).path("job.status"));

        Response handed = schedule(agent);
        assertEquals(201, handed.statusCode(), handed.asString());
        assertEquals(job, handed.path("job.id"));
        assertEquals("pre-run", handed.path("job.status"));
        assertEquals(String.valueOf(agent.id()), handed.path("job.remoteci_id"));
        assertEquals(handed.header("ETag"), handed.path("job.etag"));
        assertEquals(String.valueOf(remoteConnection), handed.path("job.jobdefinition.id"));
        assertEquals("sarif", handed.path("job.jobdefinition.system"));
        assertEquals("analysis", handed.path("job.jobdefinition.kind"));
        Map<String, Object> params = handed.path("job.jobdefinition.params");
        assertEquals("local.sarif", params.get("report_path"), "the connection's params over its connector's");

        assertEquals(412, schedule(agent).statusCode(), "one job is handed once");
        QuarkusTransaction.requiringNew().run(() -> {
            Job row = Job.findById(Long.parseLong(job));
            assertEquals("remoteci/" + agent.id(), row.claimedBy);
            assertNotNull(row.leaseUntil);
            assertEquals(1, JobRun.count("jobId", row.id), "the attempt is a run");
        });
    }

    @Test
    void aRecheckComesFirstAndAJobNamedForAnotherAgentIsNotHanded() {
        Agent other = DciCalls.newAgent(admin);
        int secondConnection = DciCalls.inaccessibleConnection(admin);
        int thirdConnection = DciCalls.inaccessibleConnection(admin);
        as(admin).body("{\"jobdefinition_id\": %d, \"remoteci_id\": %d}".formatted(remoteConnection, other.id()))
                .post("/api/v1/jobs").then().statusCode(201);
        String older = DciCalls.createJob(admin, secondConnection);
        String recheck = as(admin).body("{\"jobdefinition_id\": %d, \"recheck\": true}".formatted(thirdConnection))
                .post("/api/v1/jobs").path("job.id");

        assertEquals(recheck, schedule(agent).path("job.id"), "a recheck first");
        assertEquals(older, schedule(agent).path("job.id"), "then the oldest");
        assertEquals(412, schedule(agent).statusCode(), "the job named for the other agent stays for it");
        assertEquals(201, schedule(other).statusCode());
    }

    @Test
    void anotherTeamsAgentOrAnAccessibleConnectionsJobIsNeverHanded() {
        DciCalls.createJob(admin, remoteConnection);
        DciCalls.createJob(admin, Fixtures.analysisConnection(admin).connectionId());
        Account stranger = Accounts.newTeamAdmin();
        Agent foreign = DciCalls.newAgent(stranger);
        assertEquals(412, schedule(foreign).statusCode(), "another team's agent sees nothing");
        Response handed = schedule(agent);
        assertEquals(201, handed.statusCode());
        assertEquals(String.valueOf(remoteConnection), handed.path("job.jobdefinition_id"));
        assertEquals(412, schedule(agent).statusCode(), "the accessible connection's job is the workers'");
    }

    @Test
    void anAgentNamesOnlyItselfAndAUserSchedulesNothing() {
        DciCalls.createJob(admin, remoteConnection);
        Agent other = DciCalls.newAgent(admin);
        Response impersonating = as(agent).body("{\"remoteci_id\": " + other.id() + "}").post("/api/v1/jobs/schedule");
        assertEquals(401, impersonating.statusCode(), impersonating.asString());
        Response byUser = as(admin).body("{\"remoteci_id\": " + agent.id() + "}").post("/api/v1/jobs/schedule");
        assertEquals(401, byUser.statusCode(), byUser.asString());
        assertEquals("new", as(admin).get("/api/v1/jobs").path("jobs[0].status"), "still waiting");
    }

    @Test
    void theAgentRunsTheJobReportingItsStatesAndTasks() {
        String job = schedule(agentWithJob()).path("job.id");
        Instant leaseAtClaim = lease(job);

        Response pre = post(agent, job, "success", "too soon");
        assertEquals(400, pre.statusCode(), "pre-run cannot end as success: " + pre.asString());
        assertEquals(201, post(agent, job, "running", "started on host a").statusCode());
        Response progress = post(agent, job, "running", "12 of 40 tasks");
        assertEquals(201, progress.statusCode(), "the status again is a progress note: " + progress.asString());
        assertTrue(lease(job).isAfter(leaseAtClaim), "each report renews the lease");

        Response tasks = as(agent).get("/api/v1/jobs/" + job + "/tasks");
        assertEquals(200, tasks.statusCode(), tasks.asString());
        List<String> ids = tasks.path("tasks.id");
        assertTrue(ids.size() > 2, "the project's tasks: " + ids.size());
        assertEquals(ids.size(), (int) tasks.path("_meta.count"));
        assertNull(tasks.path("tasks[0].alm_issue"));

        Response recorded = as(agent).body("""
                {"tasks": [{"id": "%s", "status": "DONE", "verification_status": "pass",
                            "alm_issue": {"key": "17", "url": "http://redmine.local/issues/17", "synced_done": true}},
                           {"id": %s, "verification_status": "fail"}]}""".formatted(ids.get(0), ids.get(1)))
                .post("/api/v1/jobs/" + job + "/tasks");
        assertEquals(204, recorded.statusCode(), recorded.asString());
        QuarkusTransaction.requiringNew().run(() -> {
            Task first = Task.findById(Long.parseLong(ids.get(0)));
            assertEquals(TaskStatus.DONE, first.status);
            assertEquals(VerificationStatus.PASS, first.verificationStatus);
            Task second = Task.findById(Long.parseLong(ids.get(1)));
            assertEquals(TaskStatus.TODO, second.status, "null leaves the status");
            assertEquals(VerificationStatus.FAIL, second.verificationStatus);
            AlmIssue issue = AlmIssue.find("taskId", first.id).firstResult();
            assertEquals("17", issue.issueKey);
            assertEquals(Long.valueOf(remoteConnection), issue.connectionId);
        });
        assertEquals("17", as(agent).get("/api/v1/jobs/" + job + "/tasks").path("tasks[0].alm_issue.key"));

        Response done = post(agent, job, "success", "Imported: 2 tasks changed");
        assertEquals(201, done.statusCode(), done.asString());
        QuarkusTransaction.requiringNew().run(() -> {
            Job row = Job.findById(Long.parseLong(job));
            assertEquals("Imported: 2 tasks changed", row.resultMessage);
            assertNull(row.leaseUntil);
            JobRun run = JobRun.find("jobId", row.id).firstResult();
            assertEquals("success", run.status.wire());
            assertNotNull(run.finishedAt);
        });
        assertEquals(409, post(agent, job, "failure", "late").statusCode(), "an ended job never moves");
        assertEquals(409, as(agent).get("/api/v1/jobs/" + job + "/tasks").statusCode(), "nor takes task writes");
    }

    @Test
    void aCancelledJobStopsTheAgentsReports() {
        String job = schedule(agentWithJob()).path("job.id");
        assertEquals(201, post(agent, job, "running", "").statusCode());
        assertEquals(201, post(admin, job, "killed", "operator stopped it").statusCode());
        Response late = post(agent, job, "running", "still going");
        assertEquals(409, late.statusCode(), late.asString());
        assertEquals("killed", as(agent).get("/api/v1/jobs/" + job).path("job.status"));
        QuarkusTransaction.requiringNew().run(() -> assertEquals("killed",
                JobRun.<JobRun>find("jobId", Long.parseLong(job)).firstResult().status.wire(), "its run closed killed"));
    }

    @Test
    void onlyTheHoldingAgentReadsAndWritesTasks() {
        String job = schedule(agentWithJob()).path("job.id");
        Agent other = DciCalls.newAgent(admin);
        assertEquals(409, as(other).get("/api/v1/jobs/" + job + "/tasks").statusCode());
        assertEquals(409, post(other, job, "running", "").statusCode());
        assertEquals(401, as(admin).get("/api/v1/jobs/" + job + "/tasks").statusCode());
        Response outsider = as(agent).body("{\"tasks\": [{\"id\": 1}]}").post("/api/v1/jobs/" + job + "/tasks");
        assertEquals(400, outsider.statusCode(), "a task of another project: " + outsider.asString());
    }

    private Agent agentWithJob() {
        DciCalls.createJob(admin, remoteConnection);
        return agent;
    }

    private static Response schedule(Agent agent) {
        return as(agent).body("{\"remoteci_id\": " + agent.id() + "}").post("/api/v1/jobs/schedule");
    }

    private static Response post(Agent agent, String job, String status, String comment) {
        return as(agent).body("{\"job_id\": \"%s\", \"status\": \"%s\", \"comment\": \"%s\"}".formatted(job, status, comment))
                .post("/api/v1/jobstates");
    }

    private static Response post(Account user, String job, String status, String comment) {
        return as(user).body("{\"job_id\": \"%s\", \"status\": \"%s\", \"comment\": \"%s\"}".formatted(job, status, comment))
                .post("/api/v1/jobstates");
    }

    private static Instant lease(String job) {
        return QuarkusTransaction.requiringNew().call(() -> Job.<Job>findById(Long.parseLong(job)).leaseUntil);
    }
}
