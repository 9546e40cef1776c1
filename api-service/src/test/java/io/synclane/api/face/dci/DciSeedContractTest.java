package io.synclane.api.face.dci;

import static io.synclane.api.face.dci.DciCalls.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.synclane.api.face.dci.DciCalls.Agent;
import io.synclane.api.testing.Accounts;
import io.synclane.api.testing.Accounts.Account;
import io.synclane.api.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every request/response example of seed 004 against the real face: the answer has the example's status, its
 * fields in the example's order (the face may add more after them) and each field's JSON type, ids as strings.
 * Values differ (ids, times, ETags); where the example's value is null, the field must be there, of any type.
 */
@QuarkusTest
class DciSeedContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * References Synclane leaves null when there is nothing to name: a job no agent was named for or has taken
     * has no {@code remoteci_id}; a file attached to a job and none of its states has no {@code jobstate_id}.
     */
    private static final java.util.Set<String> NULLABLE = java.util.Set.of("remoteci_id", "jobstate_id");
    private static final String JUNIT = """
            <?xml version="1.0" encoding="utf-8"?>
            <testsuite errors="0" failures="0" name="pytest" skips="1" tests="3" time="46.050">
              <testcase classname="a" name="one" time="1"/><testcase classname="a" name="two" time="1"/>
              <testcase classname="a" name="three" time="1"><skipped/></testcase>
            </testsuite>""";

    /** One {@code .. sourcecode:: http} block of the seed: its first line and its JSON body, if any. */
    record Example(String firstLine, JsonNode body) {
    }

    private Account admin;
    private int connection;

    @BeforeEach
    void aTeamWithAConnection() {
        admin = Accounts.newTeamAdmin();
        connection = Fixtures.analysisConnection(admin).connectionId();
    }

    @Test
    void createAJobAsTheExampleDoes() throws IOException {
        Agent agent = DciCalls.newAgent(admin);
        JsonNode request = example("POST /api/v1/jobs HTTP/1.1").body();
        ((com.fasterxml.jackson.databind.node.ObjectNode) request).put("jobdefinition_id", String.valueOf(connection))
                .put("remoteci_id", String.valueOf(agent.id())).put("team_id", String.valueOf(admin.teamId()));
        Response answer = as(admin).body(request.toString()).post("/api/v1/jobs");

        assertEquals(201, answer.statusCode(), answer.asString());
        JsonNode job = assertShape(example("HTTP/1.0 201 CREATED", 0).body(), answer);
        assertEquals(answer.header("ETag"), job.get("job").get("etag").asText());
        assertEquals("new", job.get("job").get("status").asText(), "a job waiting to be run shows new");
        assertEquals("some comment", job.get("job").get("comment").asText());
        assertTrue(job.get("job").get("recheck").asBoolean());
        assertEquals(String.valueOf(agent.id()), job.get("job").get("remoteci_id").asText());
    }

    @Test
    void getAJobAsTheExampleShows() throws IOException {
        String id = DciCalls.createJob(admin, connection);
        Response answer = as(admin).get("/api/v1/jobs/" + id);
        assertEquals(200, answer.statusCode(), answer.asString());
        JsonNode job = assertShape(example("HTTP/1.0 200 OK", 0).body(), answer);
        assertEquals(id, job.get("job").get("id").asText());
        assertEquals(answer.header("ETag"), job.get("job").get("etag").asText());
    }

    @Test
    void updateAndDeleteWithTheExamplesEtagHeader() throws IOException {
        String id = DciCalls.createJob(admin, connection);
        String etag = as(admin).get("/api/v1/jobs/" + id).header("ETag");
        JsonNode update = example("PUT /api/v1/jobs/cbd0ad1b-1f4b-4056-8c82-27ff9511e37f HTTP/1.1").body();
        ((com.fasterxml.jackson.databind.node.ObjectNode) update).remove("status"); // a user does not run the job

        Response updated = as(admin).header("ETag", etag).body(update.toString()).put("/api/v1/jobs/" + id);
        assertEquals(204, updated.statusCode(), updated.asString());
        String newEtag = updated.header("ETag");
        assertNotEquals(etag, newEtag);
        assertEquals("comment updated", as(admin).get("/api/v1/jobs/" + id).path("job.comment"));

        Response deleted = as(admin).header("ETag", newEtag).delete("/api/v1/jobs/" + id);
        assertEquals(204, deleted.statusCode(), deleted.asString());
        assertEquals(404, as(admin).get("/api/v1/jobs/" + id).statusCode());
    }

    @Test
    void listJobsAsTheExampleShows() throws IOException {
        Agent agent = DciCalls.newAgent(admin);
        as(admin).body("{\"jobdefinition_id\": %d, \"remoteci_id\": %d}".formatted(connection, agent.id()))
                .post("/api/v1/jobs").then().statusCode(201);
        DciCalls.createJob(admin, connection);
        Response answer = as(admin).get("/api/v1/jobs");
        assertEquals(200, answer.statusCode(), answer.asString());
        JsonNode list = assertShape(example("GET /api/v1/jobs HTTP/1.1", "HTTP/1.0 200 OK").body(), answer);
        assertEquals(2, list.get("_meta").get("count").asInt());
        assertEquals(String.valueOf(agent.id()), list.get("jobs").get(1).get("remoteci_id").asText(),
                "newest first: the older job names its agent as a string");
    }

    @Test
    void attachAFileAndListTheJobsFilesAsTheExamplesShow() throws IOException {
        String id = DciCalls.createJob(admin, connection);
        String state = as(admin).get("/api/v1/jobs/" + id + "/jobstates").path("jobstates[0].id");
        JsonNode request = example("POST /api/v1/jobs/660abf0b998bf17842f376ca6def6eae/files HTTP/1.1").body();
        ((com.fasterxml.jackson.databind.node.ObjectNode) request).put("jobstate_id", state);

        Response created = as(admin).body(request.toString()).post("/api/v1/jobs/" + id + "/files");
        assertEquals(201, created.statusCode(), created.asString());
        JsonNode file = assertShape(example("HTTP/1.0 201 CREATED", 1).body(), created);
        assertEquals("helloworld", file.get("file").get("content").asText());
        assertEquals("fc5e038d38a57032085441e7fe7010b0", file.get("file").get("md5").asText(), "md5 of helloworld");
        assertEquals(state, file.get("file").get("jobstate_id").asText());

        as(admin).body("{\"name\": \"fubar_quux_norf.txt\", \"content\": \"this is file fubar_quux_norf\"}")
                .post("/api/v1/jobs/" + id + "/files").then().statusCode(201);
        Response list = as(admin).get("/api/v1/jobs/" + id + "/files");
        assertEquals(200, list.statusCode(), list.asString());
        JsonNode files = assertShape(example("GET /api/v1/jobs/660abf0b998bf17842f376ca6def6eae/files HTTP/1.1",
                "HTTP/1.0 200 OK").body(), list);
        assertEquals(2, files.get("_meta").get("count").asInt());
        assertEquals(io.synclane.api.service.JobFileService.md5(
                "this is file fubar_quux_norf".getBytes(StandardCharsets.UTF_8)), files.get("files").get(1).get("md5").asText(),
                "md5 computed from the content (the seed's value there is a placeholder)");
    }

    @Test
    void listAJobsStatesAsTheExampleShows() throws IOException {
        String id = DciCalls.createJob(admin, connection);
        as(admin).body("{\"job_id\": \"" + id + "\", \"status\": \"killed\", \"comment\": \"some other comment\"}")
                .post("/api/v1/jobstates").then().statusCode(201);
        Response answer = as(admin).get("/api/v1/jobs/" + id + "/jobstates");
        assertEquals(200, answer.statusCode(), answer.asString());
        JsonNode states = assertShape(example("GET /api/v1/jobs/d4344452-f367-4b16-b0dd-fca87571e384/jobstates HTTP/1.1",
                "HTTP/1.0 200 OK").body(), answer);
        assertEquals(2, states.get("_meta").get("count").asInt());
        assertEquals("new", states.get("jobstates").get(0).get("status").asText());
        assertEquals("killed", states.get("jobstates").get(1).get("status").asText());
        assertEquals("some other comment", states.get("jobstates").get(1).get("comment").asText());
    }

    @Test
    void getAJobsResultsAsTheExampleShows() throws IOException {
        String id = DciCalls.createJob(admin, connection);
        as(admin).header("DCI-NAME", "res_junit.xml").header("DCI-MIME", "application/junit").header("DCI-JOB-ID", id)
                .contentType("application/octet-stream").body(JUNIT.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/files").then().statusCode(201);
        Response answer = as(admin).get("/api/v1/jobs/" + id + "/results");
        assertEquals(200, answer.statusCode(), answer.asString());
        JsonNode expected = example("GET /api/v1/jobs/660abf0b998bf17842f376ca6def6eae/results HTTP/1.1",
                "HTTP/1.0 200 OK").body();
        JsonNode results = assertShape(expected, answer);
        assertEquals(expected.get("results"), results.get("results"), "the seed's very numbers");
    }

    // ---- the seed and the comparison --------------------------------------------------------------------------

    /** The answer's JSON has every field of the example, in its order, of its JSON type. */
    private static JsonNode assertShape(JsonNode expected, Response answer) throws IOException {
        assertTrue(answer.contentType().startsWith("application/json"), answer.contentType());
        JsonNode actual = JSON.readTree(answer.asString());
        List<String> problems = new ArrayList<>();
        compare("$", expected, actual, problems);
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems) + "\nanswer: " + actual);
        }
        return actual;
    }

    private static void compare(String path, JsonNode expected, JsonNode actual, List<String> problems) {
        if (actual == null || actual.isMissingNode()) {
            problems.add(path + ": missing");
            return;
        }
        if (expected.isNull() || (actual.isNull() && NULLABLE.contains(path.substring(path.lastIndexOf('.') + 1)))) {
            return;
        }
        if (expected.getNodeType() != actual.getNodeType()) {
            problems.add(path + ": " + actual.getNodeType() + ", the seed shows " + expected.getNodeType());
            return;
        }
        if (expected.isObject()) {
            List<String> expectedOrder = new ArrayList<>();
            expected.fieldNames().forEachRemaining(expectedOrder::add);
            List<String> actualOrder = new ArrayList<>();
            actual.fieldNames().forEachRemaining(name -> {
                if (expectedOrder.contains(name)) {
                    actualOrder.add(name);
                }
            });
            if (!path.endsWith(".results") && !expectedOrder.equals(actualOrder)) {
                problems.add(path + ": fields in order " + actualOrder + ", the seed's order is " + expectedOrder);
            }
            Iterator<String> names = expected.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (path.endsWith(".results")) {
                    compare(path + "." + name, expected.get(name), actual.elements().hasNext()
                            ? actual.elements().next() : null, problems);
                } else {
                    compare(path + "." + name, expected.get(name), actual.get(name), problems);
                }
            }
        } else if (expected.isArray() && !expected.isEmpty()) {
            for (int i = 0; i < actual.size(); i++) {
                compare(path + "[" + i + "]", expected.get(0), actual.get(i), problems);
            }
        }
    }

    /** The first example whose first line is {@code firstLine}. */
    private static Example example(String firstLine) throws IOException {
        return example(firstLine, 0);
    }

    /** The {@code nth} example whose first line is {@code firstLine}. */
    private static Example example(String firstLine, int nth) throws IOException {
        int seen = 0;
        for (Example example : examples()) {
            if (example.firstLine().equals(firstLine) && seen++ == nth) {
                return example;
            }
        }
        throw new AssertionError("seed 004 has no example " + firstLine + " #" + nth);
    }

    /** The answer that follows the request {@code request}, whose first line is {@code answerLine}. */
    private static Example example(String request, String answerLine) throws IOException {
        List<Example> examples = examples();
        for (int i = 0; i + 1 < examples.size(); i++) {
            if (examples.get(i).firstLine().equals(request) && examples.get(i + 1).firstLine().equals(answerLine)) {
                return examples.get(i + 1);
            }
        }
        throw new AssertionError("seed 004 has no answer " + answerLine + " to " + request);
    }

    static List<Example> examples() throws IOException {
        String seed;
        try (InputStream in = DciSeedContractTest.class.getResourceAsStream("/seeds/004_28d88a3dd2deb739.txt")) {
            seed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Example> examples = new ArrayList<>();
        String[] blocks = seed.split("\\.\\. sourcecode:: http");
        for (int b = 1; b < blocks.length; b++) {
            List<String> lines = new ArrayList<>();
            for (String line : blocks[b].split("\n")) {
                if (!line.isBlank() && !line.startsWith("      ") && !lines.isEmpty()) {
                    break; // the block ends where its indentation does
                }
                if (!line.isBlank()) {
                    lines.add(line.strip());
                } else if (!lines.isEmpty()) {
                    lines.add("");
                }
            }
            String text = String.join("\n", lines);
            int brace = text.indexOf('{');
            JsonNode body = brace < 0 ? null : JSON.readTree(text.substring(brace));
            examples.add(new Example(lines.get(0), body));
        }
        return examples;
    }
}
