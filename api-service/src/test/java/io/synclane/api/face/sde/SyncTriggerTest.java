package io.synclane.api.face.sde;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.synclane.api.testing.Accounts;
import io.synclane.api.testing.Accounts.Account;
import io.synclane.api.testing.Fixtures;
import io.synclane.api.testing.Fixtures.AnalysisSetup;
import io.synclane.common.domain.Job;
import io.synclane.common.domain.JobState;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.event.Topics;
import io.synclane.stack.testing.TopicContents;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Triggering a sync writes the job, its first state and the request in one go, and the request reaches Kafka. */
@QuarkusTest
class SyncTriggerTest {
    @Inject
    EntityManager entityManager;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final ObjectMapper json = new ObjectMapper();
    private final Account editor = Accounts.newTeamUser(false, true, true);

    @Test
    void aTriggeredSyncIsAcceptedAndPublishedKeyedByConnection() throws Exception {
        AnalysisSetup setup = Fixtures.analysisConnection(editor);

        int jobId = given().header("Authorization", editor.header())
                .when().post("/api/v2/connections/analysis/{id}/sync/", setup.connectionId())
                .then().statusCode(202)
                .body("status", equalTo("scheduled"))
                .body("completed", equalTo(false))
                .body("ready", equalTo(false))
                .body("manual", equalTo(true))
                .body("automatic", equalTo(false))
                .body("connection", equalTo(setup.connectionId()))
                .body("project_id", equalTo(setup.projectId()))
                .body("user", equalTo((int) editor.userId()))
                .extract().path("id");

        List<JobStatus> states = QuarkusTransaction.requiringNew()
                .call(() -> JobState.listForJob(jobId).stream().map(s -> s.status).toList());
        assertEquals(List.of(JobStatus.SCHEDULED), states);

        ConsumerRecord<String, String> request = awaitRequest(jobId);
        assertEquals(String.valueOf(setup.connectionId()), request.key());
        JsonNode body = json.readTree(request.value());
        assertEquals(setup.connectionId(), body.get("connection_id").asInt());
        assertEquals("analysis", body.get("kind").asText());

        await().atMost(Duration.ofSeconds(10)).until(() -> outboxRows() == 0);
    }

    @Test
    void theRequestIdOfTheTriggerTravelsWithTheJobToTheWorkersAndIntoTheLog() throws Exception {
        AnalysisSetup setup = Fixtures.analysisConnection(editor);
        String requestId = "trigger-" + UUID.randomUUID();

        int jobId = given().header("Authorization", editor.header()).header("X-Request-Id", requestId)
                .when().post("/api/v2/connections/analysis/{id}/sync/", setup.connectionId())
                .then().statusCode(202).header("X-Request-Id", requestId)
                .extract().path("id");

        String stored = QuarkusTransaction.requiringNew().call(() -> (String) entityManager
                .createNativeQuery("SELECT request_id FROM job WHERE id = ?1").setParameter(1, jobId)
                .getSingleResult());
        assertEquals(requestId, stored);
        assertEquals(requestId, json.readTree(awaitRequest(jobId).value()).get("request_id").asText());
        // Logged on the worker thread that served the request, not on the event loop that read its header.
        String created = awaitLogLine("job " + jobId + " created");
        assertTrue(created.contains("request_id=" + requestId), created);
        assertFalse(created.contains("(vert.x-eventloop"), created);
    }

    @Test
    void aJobTriggeredWithoutARequestIdGetsTheOneTheServiceMadeForTheRequest() throws Exception {
        AnalysisSetup setup = Fixtures.analysisConnection(editor);
        var answer = given().header("Authorization", editor.header())
                .when().post("/api/v2/connections/analysis/{id}/sync/", setup.connectionId())
                .then().statusCode(202).extract();
        String made = answer.header("X-Request-Id");
        assertTrue(made.matches("[0-9a-f]{32}"), made);
        int jobId = answer.path("id");
        assertEquals(made, json.readTree(awaitRequest(jobId).value()).get("request_id").asText());
    }

    @Test
    void theJobIsListedWithBothFieldSetsOfTheSeeds() {
        AnalysisSetup setup = Fixtures.analysisConnection(editor);
        int jobId = Fixtures.triggerSync(editor, setup.connectionId());

        given().header("Authorization", editor.header())
                .when().get("/api/v2/jobs/analysis/{id}", jobId)
                .then().statusCode(200)
                .body("id", equalTo(jobId))
                .body("succeeded", equalTo(false))
                .body("last_run", notNullValue())
                .body("result_message", equalTo(""));
        given().header("Authorization", editor.header()).queryParam("expand", "connection")
                .when().get("/api/v2/jobs/analysis/{id}", jobId)
                .then().statusCode(200)
                .body("connection.id", equalTo(setup.connectionId()))
                .body("connection.alias", equalTo("Import"))
                .body("connection.command", equalTo("import_sarif"))
                .body("connection.frequency", equalTo("manually"))
                .body("connection.params.report_path", equalTo("report.sarif"));
        given().header("Authorization", editor.header())
                .when().get("/api/v2/projects/{id}/jobs/analysis/", setup.projectId())
                .then().statusCode(200).body("results.id", contains(jobId));
        given().header("Authorization", editor.header()).queryParam("completed", "true")
                .when().get("/api/v2/jobs/analysis/")
                .then().statusCode(200).body("results.id", not(hasItem(jobId)));
        given().header("Authorization", editor.header()).queryParam("ready", "false")
                .when().get("/api/v2/jobs/analysis/")
                .then().statusCode(200).body("results.id", hasItem(jobId));
        given().header("Authorization", editor.header()).queryParam("automatic", "true")
                .when().get("/api/v2/jobs/analysis/")
                .then().statusCode(200).body("results.id", not(hasItem(jobId)));
        given().header("Authorization", editor.header()).queryParam("include", "last_job")
                .when().get("/api/v2/connections/analysis/{id}/", setup.connectionId())
                .then().statusCode(200)
                .body("last_job.id", equalTo(jobId))
                .body("in_progress", equalTo(true));
        given().header("Authorization", editor.header())
                .when().get("/api/v2/jobs/alm/{id}", jobId)
                .then().statusCode(404);
        given().header("Authorization", editor.header()).queryParam("succeeded", "perhaps")
                .when().get("/api/v2/jobs/analysis/")
                .then().statusCode(400).body("succeeded", notNullValue());
    }

    @Test
    void aSyncOfAnUnknownOrForeignConnectionIsA404AndWritesNoJob() {
        Account stranger = Accounts.newTeamUser(false, true, true);
        AnalysisSetup theirs = Fixtures.analysisConnection(stranger);
        long before = jobCount();

        given().header("Authorization", editor.header())
                .when().post("/api/v2/connections/analysis/{id}/sync/", theirs.connectionId())
                .then().statusCode(404).body("detail", equalTo("Not found."));
        given().header("Authorization", editor.header())
                .when().post("/api/v2/connections/analysis/{id}/sync/", 987654321)
                .then().statusCode(404);
        given().header("Authorization", stranger.header())
                .when().post("/api/v2/connections/alm/{id}/sync/", theirs.connectionId())
                .then().statusCode(404);

        assertEquals(before, jobCount());
    }

    @Test
    void aUserWhoMayNotEditAnalysisConnectionsCannotTriggerAnImport() {
        AnalysisSetup setup = Fixtures.analysisConnection(editor);
        Account viewer = Accounts.userOf(editor.teamId(), false, false);
        given().header("Authorization", viewer.header())
                .when().post("/api/v2/connections/analysis/{id}/sync/", setup.connectionId())
                .then().statusCode(403);
    }

    @Test
    void aJobOfAnInaccessibleConnectorWaitsForARemoteAgentAndIsNotSentToTheWorkers() throws Exception {
        int connector = Fixtures.post(editor, "/api/v2/connectors/analysis/", """
                {"name": "Behind the firewall", "system": {"id": "sarif"}, "inaccessible": true, "params": {}}""");
        int project = Fixtures.post(editor, "/api/v2/projects/", "{\"name\": \"p-" + UUID.randomUUID() + "\"}");
        int connection = Fixtures.post(editor, "/api/v2/connections/analysis/", """
                {"alias": "Remote", "connector": %d, "project": %d, "params": {"report_path": "r.sarif"}}"""
                .formatted(connector, project));

        int jobId = given().header("Authorization", editor.header())
                .when().post("/api/v2/connections/analysis/{id}/sync/", connection)
                .then().statusCode(202).body("status", equalTo("scheduled"))
                .extract().path("id");

        // The relay publishes in outbox order: once a later job's request is on the topic, a request for the
        // remote job, had there been one, is there too.
        int later = Fixtures.triggerSync(editor, Fixtures.analysisConnection(editor).connectionId());
        awaitRequest(later);
        assertFalse(requestedJobIds().contains(jobId), "no job request for an inaccessible connector");
        String comment = QuarkusTransaction.requiringNew().call(() -> JobState.<JobState>find(
                "jobId = ?1", (long) jobId).firstResult().comment);
        assertTrue(comment.contains("remote agent"), comment);
    }

    private long jobCount() {
        return QuarkusTransaction.requiringNew().call(() -> Job.count());
    }

    private long outboxRows() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("SELECT count(*) FROM outbox").getSingleResult()).longValue());
    }

    /** The job ids of every request on the topic so far. */
    private List<Integer> requestedJobIds() throws Exception {
        List<Integer> ids = new ArrayList<>();
        for (String request : TopicContents.values(bootstrap, Topics.JOB_REQUESTS)) {
            ids.add(json.readTree(request).get("job_id").asInt());
        }
        return ids;
    }

    private static String awaitLogLine(String containing) throws Exception {
        Path log = Path.of("target/api-service-test.log");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(log)) {
                if (line.contains(containing)) {
                    return line;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no log line has " + containing);
    }

    private ConsumerRecord<String, String> awaitRequest(int jobId) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.JOB_REQUESTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            List<String> seen = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (json.readTree(record.value()).get("job_id").asInt() == jobId) {
                        return record;
                    }
                    seen.add(record.value());
                }
            }
            throw new AssertionError("job " + jobId + " never reached " + Topics.JOB_REQUESTS + "; saw " + seen);
        }
    }
}
