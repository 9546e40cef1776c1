package io.synclane.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.synclane.stack.KafkaBroker;
import io.synclane.stack.PostgresEndpoint;
import io.synclane.stack.ServiceProcess;
import io.synclane.stack.testing.SharedInfrastructure;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A worker killed with SIGKILL in the middle of a job: its lease lapses, another worker process takes the job
 * over and finishes it, and the dead attempt is recorded as an error with the reason.
 */
class WorkerCrashIT {
    private static final String TOKEN = "crash-admin-token-0123456789";
    private static final Path HOME = Path.of(System.getProperty("stack.home", "../.."));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aJobOfAKilledWorkerIsFinishedByAnother() throws Exception {
        byte[] report = Files.readAllBytes(HOME.resolve("deploy/demo/reports/spotbugs-demo.sarif"));
        CountDownLatch firstFetchStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstFetch = new CountDownLatch(1);
        AtomicInteger fetches = new AtomicInteger();
        HttpServer reports = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        reports.setExecutor(Executors.newCachedThreadPool());
        reports.createContext("/report.sarif", exchange -> {
            if (fetches.incrementAndGet() == 1) {
                firstFetchStarted.countDown();
                try {
                    releaseFirstFetch.await(120, TimeUnit.SECONDS); // the first worker dies while waiting here
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(200, report.length);
            exchange.getResponseBody().write(report);
            exchange.close();
        });
        reports.start();

        PostgresEndpoint postgres = SharedInfrastructure.postgres();
        String url = SharedInfrastructure.freshDatabase("synclane_test_crash");
        Path logs = HOME.resolve("deploy/e2e/target/logs");
        Map<String, String> env = new HashMap<>(Map.of(
                "SYNCLANE_DB_URL", url,
                "SYNCLANE_DB_USER", postgres.user(),
                "SYNCLANE_DB_PASSWORD", postgres.password(),
                "SYNCLANE_KAFKA_BOOTSTRAP", SharedInfrastructure.kafkaBootstrap(),
                "SYNCLANE_ADMIN_TOKEN", TOKEN,
                "SYNCLANE_REPORTS_DIR", HOME.resolve("deploy/demo/reports").toAbsolutePath().toString(),
                "SYNCLANE_WORKER_LEASE", "3s",
                "SYNCLANE_WORKER_LEASE_RENEW_EVERY", "1s",
                "SYNCLANE_WORKER_LEASE_CHECK_EVERY", "1s"));
        List<ServiceProcess> started = new ArrayList<>();
        try {
            ServiceProcess api = start(started, "api-service", env, logs.resolve("crash-api.log"));
            ServiceProcess doomed = start(started, "worker-service", env, logs.resolve("crash-worker-1.log"));
            api.awaitReady(Duration.ofSeconds(90));
            doomed.awaitReady(Duration.ofSeconds(90));

            long project = post(api, "/api/v2/projects/", Map.of("name", "Crash", "profile", "web-app"));
            long connector = post(api, "/api/v2/connectors/analysis/",
                    Map.of("name", "S", "system", Map.of("id", "sarif"), "params", Map.of()));
            long connection = post(api, "/api/v2/connections/analysis/", Map.of("alias", "slow import",
                    "connector", connector, "project", project, "params",
                    Map.of("report_url", "http://127.0.0.1:" + reports.getAddress().getPort() + "/report.sarif")));
            long job = post(api, "/api/v2/connections/analysis/" + connection + "/sync/", null);

            assertTrue(firstFetchStarted.await(60, TimeUnit.SECONDS), "the first worker never started the job");
            ProcessHandle.of(doomed.pid()).orElseThrow().destroyForcibly(); // SIGKILL: no shutdown hook runs
            ProcessHandle.of(doomed.pid()).ifPresent(p -> p.onExit().join());

            ServiceProcess survivor = start(started, "worker-service", env, logs.resolve("crash-worker-2.log"));
            survivor.awaitReady(Duration.ofSeconds(90));

            JsonNode done = awaitCompleted(api, job);
            assertEquals("success", done.get("status").asText(), done.toString());
            try (Connection db = postgres.connect(SharedInfrastructure.databaseName("synclane_test_crash")); Statement statement = db.createStatement()) {
                ResultSet runs = statement.executeQuery(
                        "SELECT status, process_id, stderr FROM job_run WHERE job_id = " + job + " ORDER BY id");
                assertTrue(runs.next());
                assertEquals("error", runs.getString(1));
                String deadProcess = runs.getString(2);
                assertTrue(deadProcess.endsWith(":" + doomed.pid()), deadProcess);
                assertTrue(runs.getString(3).contains("stopped renewing"), runs.getString(3));
                assertTrue(runs.next());
                assertEquals("success", runs.getString(1));
                assertNotEquals(deadProcess, runs.getString(2));
                assertTrue(runs.getString(2).endsWith(":" + survivor.pid()), runs.getString(2));
            }
        } finally {
            releaseFirstFetch.countDown();
            started.forEach(ServiceProcess::stop);
            reports.stop(0);
        }
    }

    private static ServiceProcess start(List<ServiceProcess> started, String module, Map<String, String> env,
            Path log) throws Exception {
        ServiceProcess service = ServiceProcess.start(module,
                HOME.resolve(module + "/target/quarkus-app/quarkus-run.jar"), KafkaBroker.freePort(), env, log);
        started.add(service);
        return service;
    }

    private static JsonNode awaitCompleted(ServiceProcess api, long job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode current = null;
        while (System.nanoTime() < deadline) {
            current = JSON.readTree(HTTP.send(request(api, "/api/v2/jobs/analysis/" + job).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            if (current.get("completed").asBoolean()) {
                return current;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("job " + job + " did not complete: " + current);
    }

    private static long post(ServiceProcess api, String path, Object body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        HttpResponse<String> response = HTTP.send(request(api, path).POST(publisher)
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() < 300, path + " answered " + response.statusCode() + ": " + response.body());
        return JSON.readTree(response.body()).get("id").asLong();
    }

    private static HttpRequest.Builder request(ServiceProcess api, String path) {
        return HttpRequest.newBuilder(URI.create(api.baseUrl() + path)).header("Authorization", "Token " + TOKEN)
                .timeout(Duration.ofSeconds(30));
    }
}
