package io.synclane.api.face.dci;

import static io.synclane.api.face.dci.DciCalls.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.synclane.api.face.dci.DciCalls.Agent;
import io.synclane.api.testing.Accounts;
import io.synclane.api.testing.Accounts.Account;
import io.synclane.api.testing.Fixtures;
import io.synclane.common.domain.JobState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Jobs on the DCI face: the ETag rules of the seeds README, the list grammar ({@code where}, {@code sort},
 * {@code embed}, {@code limit}/{@code offset} to an empty page), job states through the core's state machine, and
 * the team walls: another team's record is 404 to a read and 401 to a write, and nothing changes.
 */
@QuarkusTest
class DciJobResourceTest {
    private Account admin;
    private int connection;

    @BeforeEach
    void aTeamWithAConnection() {
        admin = Accounts.newTeamAdmin();
        connection = Fixtures.analysisConnection(admin).connectionId();
    }

    @Test
    void anUpdateNeedsTheCurrentEtagAndGetsANewOne() {
        String id = DciCalls.createJob(admin, connection);
        String etag = as(admin).get("/api/v1/jobs/" + id).header("ETag");

        Response missing = as(admin).body("{\"comment\": \"a\"}").put("/api/v1/jobs/" + id);
        assertEquals(412, missing.statusCode(), missing.asString());
        Response stale = as(admin).header("If-Match", "0123").body("{\"comment\": \"a\"}").put("/api/v1/jobs/" + id);
        assertEquals(422, stale.statusCode(), stale.asString());
        assertEquals("", as(admin).get("/api/v1/jobs/" + id).path("job.comment"), "refused changes wrote nothing");

        Response quoted = as(admin).header("If-Match", "\"" + etag + "\"").body("{\"comment\": \"b\", \"tags\": []}")
                .put("/api/v1/jobs/" + id);
        assertEquals(204, quoted.statusCode(), quoted.asString());
        String second = quoted.header("ETag");
        assertNotEquals(etag, second);
        assertEquals(second, as(admin).get("/api/v1/jobs/" + id).header("ETag"));
        Response reused = as(admin).header("If-Match", etag).body("{\"comment\": \"c\"}").put("/api/v1/jobs/" + id);
        assertEquals(422, reused.statusCode(), "an ETag is good for one change only");
        Response weak = as(admin).header("If-Match", "W/\"" + second + "\"").body("{\"comment\": \"c\"}")
                .put("/api/v1/jobs/" + id);
        assertEquals(204, weak.statusCode(), weak.asString());
        assertEquals("c", as(admin).get("/api/v1/jobs/" + id).path("job.comment"));
    }

    @Test
    void everyChangeOfAJobChangesItsEtag() {
        String id = DciCalls.createJob(admin, connection);
        List<String> etags = new ArrayList<>();
        etags.add(etag(id));
        as(admin).body("{\"name\": \"log.txt\", \"content\": \"x\"}").post("/api/v1/jobs/" + id + "/files")
                .then().statusCode(201);
        etags.add(etag(id));
        as(admin).body("{\"job_id\": " + id + ", \"status\": \"killed\"}").post("/api/v1/jobstates").then().statusCode(201);
        etags.add(etag(id));
        as(admin).header("If-Match", etags.get(2)).body("{\"comment\": \"done\"}").put("/api/v1/jobs/" + id)
                .then().statusCode(204);
        etags.add(etag(id));
        assertEquals(4, etags.stream().distinct().count(), "file, state, update: each a new ETag " + etags);
    }

    @Test
    void onlyATeamAdminDeletesAndOnlyWithTheEtag() {
        String id = DciCalls.createJob(admin, connection);
        Account member = Accounts.userOf(admin.teamId(), false, true);
        String etag = etag(id);
        Response byMember = as(member).header("If-Match", etag).delete("/api/v1/jobs/" + id);
        assertEquals(401, byMember.statusCode(), byMember.asString());
        assertEquals(412, as(admin).delete("/api/v1/jobs/" + id).statusCode());
        assertEquals(422, as(admin).header("If-Match", "nope").delete("/api/v1/jobs/" + id).statusCode());
        assertEquals(200, as(admin).get("/api/v1/jobs/" + id).statusCode(), "refused deletes deleted nothing");
        assertEquals(204, as(admin).header("If-Match", etag).delete("/api/v1/jobs/" + id).statusCode());
        assertEquals(404, as(admin).get("/api/v1/jobs/" + id).statusCode());
    }

    @Test
    void listsPageWithLimitAndOffsetUntilAnEmptyPage() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(DciCalls.createJob(admin, connection));
        }
        List<String> seen = new ArrayList<>();
        for (int offset = 0; ; offset += 2) {
            Response page = as(admin).queryParam("limit", 2).queryParam("offset", offset).queryParam("sort", "id")
                    .queryParam("where", "state:active").queryParam("embed", "topic,remoteci,team")
                    .get("/api/v1/jobs");
            assertEquals(200, page.statusCode(), page.asString());
            assertEquals(5, (int) page.path("_meta.count"));
            List<String> ids = page.path("jobs.id");
            if (ids.isEmpty()) {
                break;
            }
            seen.addAll(ids);
        }
        assertEquals(created, seen, "sort=id pages through every job once, in order");
    }

    @Test
    void whereSortAndEmbedFilterOrderAndInline() {
        Agent agent = DciCalls.newAgent(admin);
        String named = as(admin).body("{\"jobdefinition_id\": %d, \"remoteci_id\": %d, \"comment\": \"x\"}"
                .formatted(connection, agent.id())).post("/api/v1/jobs").path("job.id");
        String plain = DciCalls.createJob(admin, connection);
        as(admin).body("{\"job_id\": " + plain + ", \"status\": \"killed\"}").post("/api/v1/jobstates").then().statusCode(201);

        assertEquals(List.of(named), as(admin).queryParam("where", "remoteci_id:" + agent.id()).get("/api/v1/jobs").path("jobs.id"));
        assertEquals(List.of(plain), as(admin).queryParam("where", "status:killed").get("/api/v1/jobs").path("jobs.id"));
        assertEquals(List.of(named), as(admin).queryParam("where", "status:new,comment:x").get("/api/v1/jobs").path("jobs.id"));
        assertEquals(List.of(), as(admin).queryParam("where", "team_id:999999").get("/api/v1/jobs").path("jobs.id"));
        assertEquals(List.of(named, plain), as(admin).queryParam("sort", "created_at").get("/api/v1/jobs").path("jobs.id"));
        assertEquals(List.of(plain, named), as(admin).queryParam("sort", "-id").get("/api/v1/jobs").path("jobs.id"));

        Response embedded = as(admin).queryParam("embed", "team,remoteci,jobdefinition").queryParam("sort", "id")
                .get("/api/v1/jobs");
        assertEquals(String.valueOf(admin.teamId()), embedded.<String>path("jobs[0].team.id"));
        assertEquals(String.valueOf(agent.id()), embedded.<String>path("jobs[0].remoteci.id"));
        assertEquals(String.valueOf(connection), embedded.<String>path("jobs[0].jobdefinition.id"));
        assertNull(embedded.path("jobs[0].jobdefinition.params"), "no connection params on a list");
        assertNull(embedded.path("jobs[1].remoteci"));
        assertNull(as(admin).get("/api/v1/jobs").path("jobs[0].team"), "nothing embedded unasked");
    }

    @Test
    void unknownQueryKeysAndBadValuesAnswer400NamingThem() {
        assertBadQuery(as(admin).queryParam("colour", "red").get("/api/v1/jobs"), "colour");
        assertBadQuery(as(admin).queryParam("where", "flavour:x").get("/api/v1/jobs"), "where");
        assertBadQuery(as(admin).queryParam("sort", "-flavour").get("/api/v1/jobs"), "sort");
        assertBadQuery(as(admin).queryParam("embed", "everything").get("/api/v1/jobs"), "embed");
        assertBadQuery(as(admin).queryParam("limit", "-1").get("/api/v1/jobs"), "limit");
        assertBadQuery(as(admin).queryParam("where", "status:sleeping").get("/api/v1/jobs"), "status");
        assertBadQuery(as(admin).queryParam("where", "id:abc").get("/api/v1/jobs"), "where");
    }

    @Test
    void aUserEndsAJobButDoesNotRunIt_andAnEndedJobNeverMoves() {
        String id = DciCalls.createJob(admin, connection);
        Response running = as(admin).body("{\"job_id\": \"" + id + "\", \"status\": \"running\"}").post("/api/v1/jobstates");
        assertEquals(400, running.statusCode(), running.asString());
        assertTrue(running.asString().contains("status"));

        Response killed = as(admin).body("{\"job_id\": " + id + ", \"status\": \"killed\", \"comment\": \"stop\"}")
                .post("/api/v1/jobstates");
        assertEquals(201, killed.statusCode(), killed.asString());
        assertEquals("killed", killed.path("jobstate.status"));
        assertEquals(id, killed.path("jobstate.job_id"));
        assertEquals(killed.<String>path("jobstate.id"), as(admin).get("/api/v1/jobstates/" + killed.path("jobstate.id"))
                .<String>path("jobstate.id"));
        long states = states(id);

        Response again = as(admin).body("{\"job_id\": " + id + ", \"status\": \"error\"}").post("/api/v1/jobstates");
        assertEquals(409, again.statusCode(), again.asString());
        assertEquals("killed", as(admin).get("/api/v1/jobs/" + id).path("job.status"));
        assertEquals(states, states(id), "a refused move records no state");
        assertEquals(400, as(admin).body("{\"job_id\": " + id + ", \"status\": \"sleeping\"}").post("/api/v1/jobstates")
                .statusCode());
    }

    @Test
    void anotherTeamsRecordsAre404ToReadsAnd401ToWrites() {
        String id = DciCalls.createJob(admin, connection);
        String state = as(admin).get("/api/v1/jobs/" + id + "/jobstates").path("jobstates[0].id");
        String file = as(admin).body("{\"name\": \"a.txt\", \"content\": \"secret-ish\"}")
                .post("/api/v1/jobs/" + id + "/files").path("file.id");
        String etag = etag(id);
        Agent agent = DciCalls.newAgent(admin);
        Account stranger = Accounts.newTeamAdmin();

        for (String read : List.of("/api/v1/jobs/" + id, "/api/v1/jobs/" + id + "/jobstates",
                "/api/v1/jobs/" + id + "/files", "/api/v1/jobs/" + id + "/results", "/api/v1/jobstates/" + state,
                "/api/v1/files/" + file, "/api/v1/files/" + file + "/content", "/api/v1/remotecis/" + agent.id())) {
            Response answer = as(stranger).get(read);
            assertEquals(404, answer.statusCode(), read + ": " + answer.asString());
            assertEquals(404, (int) answer.path("status_code"));
        }
        assertEquals(List.of(), as(stranger).get("/api/v1/jobs").path("jobs"));
        assertEquals(List.of(), as(stranger).get("/api/v1/remotecis").path("remotecis"));

        List<Response> writes = List.of(
                as(stranger).header("If-Match", etag).body("{\"comment\": \"mine\"}").put("/api/v1/jobs/" + id),
                as(stranger).header("If-Match", etag).delete("/api/v1/jobs/" + id),
                as(stranger).body("{\"job_id\": " + id + ", \"status\": \"killed\"}").post("/api/v1/jobstates"),
                as(stranger).body("{\"name\": \"b.txt\", \"content\": \"x\"}").post("/api/v1/jobs/" + id + "/files"),
                as(stranger).header("DCI-NAME", "c.txt").header("DCI-JOB-ID", id).body("x").post("/api/v1/files"),
                as(stranger).post("/api/v1/jobs/" + id + "/recheck"),
                as(stranger).body("{\"job_id\": " + id + "}").post("/api/v1/jobs/recheck"),
                as(stranger).body("{\"jobdefinition_id\": " + connection + ", \"team_id\": " + admin.teamId() + "}")
                        .post("/api/v1/jobs"),
                as(stranger).header("If-Match", agent.etag()).body("{\"name\": \"x\"}").put("/api/v1/remotecis/" + agent.id()),
                as(stranger).header("If-Match", agent.etag()).delete("/api/v1/remotecis/" + agent.id()),
                as(stranger).header("If-Match", agent.etag()).put("/api/v1/remotecis/" + agent.id() + "/api_secret"));
        for (Response answer : writes) {
            assertEquals(401, answer.statusCode(), answer.asString());
        }
        Response job = as(admin).get("/api/v1/jobs/" + id);
        assertEquals(etag, job.header("ETag"), "nothing changed");
        assertEquals(1, (int) as(admin).get("/api/v1/jobs/" + id + "/files").path("_meta.count"));
        assertEquals(1, (int) as(admin).get("/api/v1/jobs").path("_meta.count"), "no recheck was made");
        assertEquals(200, as(agent).get("/api/v1/identity").statusCode(), "the agent's secret still works");
    }

    @Test
    void aRecheckCopiesTheJobMarkedRecheck() {
        String id = DciCalls.createJob(admin, connection);
        Response byBody = as(admin).body("{\"job_id\": \"" + id + "\"}").post("/api/v1/jobs/recheck");
        assertEquals(201, byBody.statusCode(), byBody.asString());
        assertEquals(true, byBody.<Boolean>path("job.recheck"));
        assertEquals(String.valueOf(connection), byBody.<String>path("job.jobdefinition_id"));
        assertNotEquals(id, byBody.path("job.id"));
        Response byPath = as(admin).post("/api/v1/jobs/" + id + "/recheck");
        assertEquals(201, byPath.statusCode(), byPath.asString());
        assertEquals(true, byPath.<Boolean>path("job.recheck"));
    }

    @Test
    void aBadBodyAnswers400NamingTheField() {
        assertBadBody(as(admin).body("{\"jobdefinition_id\": \"abc\"}").post("/api/v1/jobs"), "jobdefinition_id");
        assertBadBody(as(admin).body("{\"jobdefinition_id\": 999999999}").post("/api/v1/jobs"), "jobdefinition_id");
        assertBadBody(as(admin).body("{}").post("/api/v1/jobs"), "jobdefinition_id");
        assertBadBody(as(admin).body("{\"jobdefinition_id\": " + connection + ", \"recheck\": \"yes\"}").post("/api/v1/jobs"),
                "recheck");
        Response broken = as(admin).body("{\"jobdefinition_id\": ").post("/api/v1/jobs");
        assertEquals(400, broken.statusCode(), broken.asString());
        assertEquals(0, (int) as(admin).get("/api/v1/jobs").path("_meta.count"), "nothing half-written");
    }

    private String etag(String id) {
        return as(admin).get("/api/v1/jobs/" + id).header("ETag");
    }

    private static long states(String jobId) {
        return QuarkusTransaction.requiringNew().call(() -> JobState.count("jobId", Long.parseLong(jobId)));
    }

    private static void assertBadQuery(Response answer, String key) {
        assertEquals(400, answer.statusCode(), answer.asString());
        assertTrue(answer.asString().contains(key), key + " named in " + answer.asString());
    }

    private static void assertBadBody(Response answer, String field) {
        assertEquals(400, answer.statusCode(), answer.asString());
        assertEquals(400, (int) answer.path("status_code"));
        assertTrue(((java.util.Map<?, ?>) answer.path("payload.errors")).containsKey(field), answer.asString());
    }
}
