package io.synclane.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synclane.stack.KafkaBroker;
import io.synclane.stack.PostgresEndpoint;
import io.synclane.stack.ServiceProcess;
import io.synclane.stack.testing.SharedInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline as an operator sees it: the packaged api-service and worker-service run as their own
 * processes beside a real PostgreSQL and Kafka; an import is triggered over HTTP, followed on the SSE
 * stream, and changes task verification statuses.
 */
class AnalysisImportEndToEndIT {
    private static final String TOKEN = "e2e-admin-token-0123456789";
    private static final Path HOME = Path.of(System.getProperty("stack.home", "../.."));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final Path LOGS = HOME.resolve("deploy/e2e/target/logs");
    private static ServiceProcess api;
    private static ServiceProcess worker;

    @BeforeAll
    static void startServices() throws Exception {
        PostgresEndpoint postgres = SharedInfrastructure.postgres();
        String url = SharedInfrastructure.freshDatabase("synclane_test_e2e");
        Path logs = LOGS;
        Map<String, String> env = ServiceProcess.storageEnv(postgres, url, SharedInfrastructure.kafkaBootstrap());
        env.put("SYNCLANE_ADMIN_TOKEN", TOKEN);
        env.put("SYNCLANE_REPORTS_DIR", HOME.resolve("deploy/demo/reports").toAbsolutePath().toString());
        api = ServiceProcess.start("api-service", HOME.resolve("api-service/target/quarkus-app/quarkus-run.jar"),
                KafkaBroker.freePort(), env, logs.resolve("api.log"));
        worker = ServiceProcess.start("worker-service",
                HOME.resolve("worker-service/target/quarkus-app/quarkus-run.jar"), KafkaBroker.freePort(), env,
                logs.resolve("worker.log"));
        api.awaitReady(Duration.ofSeconds(90));
        worker.awaitReady(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stopServices() {
        if (worker != null) {
            worker.stop();
        }
        if (api != null) {
            api.stop();
        }
    }

    @Test
    void anImportTriggeredOverHttpIsStreamedAndVerifiesTasks() throws Exception {
        long project = post("/api/v2/projects/", Map.of("name", "E2E project", "profile", "web-app")).get("id").asLong();
        long connector = post("/api/v2/connectors/analysis/",
                Map.of("name", "SpotBugs SARIF", "system", Map.of("id", "sarif"), "params", Map.of()))
                .get("id").asLong();
        long connection = post("/api/v2/connections/analysis/", Map.of("alias", "SpotBugs import",
                "connector", connector, "project", project,
                "params", Map.of("report_path", "spotbugs-demo.sarif", "task_status_mapping", Map.of("pass", "DONE"))))
                .get("id").asLong();

        // A first import also proves the stream's consumer has joined job-events before we watch the second.
        long warmUp = post("/api/v2/connections/analysis/" + connection + "/sync/", null).get("id").asLong();
        awaitCompleted(warmUp);
        BlockingQueue<JsonNode> events = subscribe("/api/v2/jobs/stream?connection=" + connection);

        JsonNode accepted = post("/api/v2/connections/analysis/" + connection + "/sync/", null);
        long jobId = accepted.get("id").asLong();
        assertEquals("scheduled", accepted.get("status").asText());

        List<String> moves = new ArrayList<>();
        while (!moves.contains("success") && !moves.contains("failure") && !moves.contains("error")) {
            JsonNode event = events.poll(60, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError("stream stopped after " + moves);
            }
            if (event.get("job_id").asLong() == jobId) {
                moves.add(event.get("status").asText());
            }
        }
        assertEquals(List.of("scheduled", "running", "success"), moves);

        JsonNode job = get("/api/v2/jobs/analysis/" + jobId);
        assertTrue(job.get("completed").asBoolean());
        assertTrue(job.get("succeeded").asBoolean());
        assertTrue(job.get("result_message").asText().contains("fail"), job.get("result_message").asText());

        List<JsonNode> tasks = StreamSupport.stream(get("/api/v2/projects/" + project + "/tasks/").get("results")
                .spliterator(), false).toList();
        assertTrue(tasks.stream().anyMatch(t -> t.get("verification_status").asText().equals("fail")),
                "some task failed verification: " + tasks);
        assertTrue(tasks.stream().anyMatch(t -> t.get("verification_status").asText().equals("none")),
                "tasks the report does not cover stay unverified");
    }

    @Test
    void oneRequestIdNamesTheTriggerAndTheRunOfTheJobItCreatedInBothServicesLogs() throws Exception {
        long project = post("/api/v2/projects/", Map.of("name", "Request id project", "profile", "web-app"))
                .get("id").asLong();
        long connector = post("/api/v2/connectors/analysis/",
                Map.of("name", "Request id SARIF", "system", Map.of("id", "sarif"), "params", Map.of()))
                .get("id").asLong();
        long connection = post("/api/v2/connections/analysis/", Map.of("alias", "Request id import",
                "connector", connector, "project", project, "params", Map.of("report_path", "spotbugs-demo.sarif")))
                .get("id").asLong();
        String requestId = "e2e-" + UUID.randomUUID();

        HttpResponse<String> accepted = HTTP.send(request("/api/v2/connections/analysis/" + connection + "/sync/")
                .header("X-Request-Id", requestId).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, accepted.statusCode(), accepted.body());
        assertEquals(requestId, accepted.headers().firstValue("X-Request-Id").orElseThrow());
        long jobId = JSON.readTree(accepted.body()).get("id").asLong();
        awaitCompleted(jobId);

        String requestContext = "request_id=" + requestId;
        awaitLine(LOGS.resolve("api.log"), "job " + jobId + " created", requestContext);
        awaitLine(LOGS.resolve("worker.log"), "job " + jobId + " attempt 1 ran success", requestContext,
                "job_id=" + jobId);
    }

    /** Waits for a line of the log that contains every one of the texts (a process writes its log on its own time). */
    private static void awaitLine(Path log, String... texts) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(log)) {
                if (java.util.Arrays.stream(texts).allMatch(line::contains)) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(log + " has no line with all of " + List.of(texts));
    }

    private static void awaitCompleted(long jobId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (get("/api/v2/jobs/analysis/" + jobId).get("completed").asBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + jobId + " did not complete");
    }

    private static BlockingQueue<JsonNode> subscribe(String path) throws Exception {
        BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        HttpResponse<java.util.stream.Stream<String>> response = HTTP.sendAsync(request(path).GET().build(),
                HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        CompletableFuture.runAsync(() -> response.body().filter(l -> l.startsWith("data:")).forEach(line -> {
            try {
                events.add(JSON.readTree(line.substring("data:".length()).trim()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
        return events;
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static JsonNode post(String path, Object body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        HttpResponse<String> response = HTTP.send(request(path).POST(publisher)
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() == 201 || response.statusCode() == 202,
                path + " answered " + response.statusCode() + ": " + response.body());
        return JSON.readTree(response.body());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(api.baseUrl() + path)).header("Authorization", "Token " + TOKEN)
                .timeout(Duration.ofSeconds(30));
    }
}
