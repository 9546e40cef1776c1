package io.synclane.api.face.sde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.synclane.api.testing.Accounts;
import io.synclane.api.testing.Accounts.Account;
import io.synclane.api.testing.Fixtures;
import io.synclane.api.testing.Fixtures.AnalysisSetup;
import io.synclane.common.event.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Operators see job moves as Server-Sent Events, only their own team's, filtered as they ask. */
@QuarkusTest
class JobStreamResourceTest {
    @TestHTTPResource("/api/v2/jobs/stream")
    URI stream;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private CompletableFuture<?> open;

    @AfterEach
    void close() {
        if (open != null) {
            open.cancel(true);
        }
    }

    @Test
    void aTriggeredSyncAppearsOnTheStreamAndAWorkersMovesFollow() throws Exception {
        Account editor = Accounts.newTeamUser(false, true, true);
        AnalysisSetup setup = Fixtures.analysisConnection(editor);
        BlockingQueue<JsonNode> events = subscribe(editor, "?connection=" + setup.connectionId());
        awaitStreamLive(events, editor, setup);

        int jobId = Fixtures.triggerSync(editor, setup.connectionId());
        JsonNode scheduled = nextFor(events, jobId);
        assertEquals("scheduled", scheduled.get("status").asText());
        assertEquals(setup.projectId(), scheduled.get("project_id").asInt());
        assertEquals("analysis", scheduled.get("kind").asText());

        // A worker's moves arrive through job-events like any other.
        publish(setup.connectionId(), event(jobId, setup, editor.teamId(), "running"));
        assertEquals("running", nextFor(events, jobId).get("status").asText());
    }

    @Test
    void anotherTeamsAndAnotherConnectionsEventsAreNotShown() throws Exception {
        Account editor = Accounts.newTeamUser(false, true, true);
        AnalysisSetup setup = Fixtures.analysisConnection(editor);
        BlockingQueue<JsonNode> events = subscribe(editor, "?connection=" + setup.connectionId());
        awaitStreamLive(events, editor, setup);

        // Same key, so Kafka keeps these three in order on one partition.
        publish(setup.connectionId(), event(900_001, setup, editor.teamId() + 1000, "running"));
        publish(setup.connectionId(), eventOf(900_002, setup.connectionId() + 1000, setup.projectId(),
                editor.teamId(), "running"));
        publish(setup.connectionId(), event(900_003, setup, editor.teamId(), "success"));

        JsonNode first = events.poll(20, TimeUnit.SECONDS);
        assertEquals(900_003, first.get("job_id").asInt(), "only the own team's event of this connection passes");
        assertNull(events.poll(500, TimeUnit.MILLISECONDS));
    }

    @Test
    void anIdleStreamSendsHeartbeatCommentsThatCarryNoEvent() throws Exception {
        Account editor = Accounts.newTeamUser(false, true, true);
        HttpRequest request = HttpRequest.newBuilder(URI.create(stream + "?connection=987654321"))
                .header("Authorization", editor.header()).header("Accept", "text/event-stream").build();
        HttpResponse<java.util.stream.Stream<String>> response =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        open = CompletableFuture.runAsync(() -> response.body().filter(l -> !l.isEmpty()).forEach(lines::add));

        // The test profile beats every 300 ms.
        String first = lines.poll(10, TimeUnit.SECONDS);
        String second = lines.poll(10, TimeUnit.SECONDS);
        assertEquals(":heartbeat", first);
        assertEquals(":heartbeat", second);
    }

    /** The api's consumer joins job-events asynchronously: probe until an event comes through. */
    private void awaitStreamLive(BlockingQueue<JsonNode> events, Account editor, AnalysisSetup setup)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            publish(setup.connectionId(), event(-1, setup, editor.teamId(), "probe"));
            JsonNode got = events.poll(500, TimeUnit.MILLISECONDS);
            if (got != null) {
                events.clear();
                Thread.sleep(300);
                events.clear();
                return;
            }
        }
        throw new AssertionError("the stream never delivered an event");
    }

    private BlockingQueue<JsonNode> subscribe(Account account, String query) throws Exception {
        BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        HttpRequest request = HttpRequest.newBuilder(URI.create(stream + query))
                .header("Authorization", account.header()).header("Accept", "text/event-stream").build();
        HttpResponse<java.util.stream.Stream<String>> response =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        open = CompletableFuture.runAsync(() -> response.body()
                .filter(line -> line.startsWith("data:"))
                .forEach(line -> {
                    try {
                        events.add(json.readTree(line.substring("data:".length()).trim()));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
        return events;
    }

    private static JsonNode nextFor(BlockingQueue<JsonNode> events, int jobId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode event = events.poll(200, TimeUnit.MILLISECONDS);
            if (event != null && event.get("job_id").asInt() == jobId) {
                return event;
            }
        }
        throw new AssertionError("no event for job " + jobId);
    }

    private String event(long jobId, AnalysisSetup setup, long teamId, String status) {
        return eventOf(jobId, setup.connectionId(), setup.projectId(), teamId, status);
    }

    private static String eventOf(long jobId, long connectionId, long projectId, long teamId, String status) {
        return """
                {"job_id": %d, "connection_id": %d, "project_id": %d, "team_id": %d, "kind": "analysis",
                 "status": "%s", "result_message": "", "at": "2026-11-24T12:00:00Z"}"""
                .formatted(jobId, connectionId, projectId, teamId, status);
    }

    private void publish(long key, String value) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.JOB_EVENTS, String.valueOf(key), value)).get();
        }
    }
}
