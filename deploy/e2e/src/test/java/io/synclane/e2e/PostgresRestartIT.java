package io.synclane.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.synclane.stack.EmbeddedPostgres;
import io.synclane.stack.KafkaBroker;
import io.synclane.stack.PostgresEndpoint;
import io.synclane.stack.Processes;
import io.synclane.stack.ServiceProcess;
import io.synclane.stack.testing.SharedInfrastructure;
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
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stops in the middle of a burst of syncs and comes back (an embedded server of this test's own, so
 * that it can be stopped): every job accepted over HTTP still runs exactly once to success, none is left
 * scheduled or running, and no outbox row is left unsent.
 */
class PostgresRestartIT {
    private static final String TOKEN = "pg-restart-admin-token-0123456789";
    private static final Path HOME = Path.of(System.getProperty("stack.home", "../.."));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int CONNECTIONS = 40;
    private static final String DATABASE = "synclane";

    @Test
    void aDatabaseRestartDuringABurstLosesNoJobAndLeavesNoneStuck() throws Exception {
        Path home = Files.createTempDirectory("synclane-restart-pg");
        Path logs = HOME.resolve("deploy/e2e/target/logs");
        Files.createDirectories(logs);
        EmbeddedPostgres server = new EmbeddedPostgres(home, KafkaBroker.freePort());
        PostgresEndpoint postgres = server.start();
        postgres.recreateDatabase(DATABASE);
        Map<String, String> env = new HashMap<>(Map.of(
                "SYNCLANE_DB_URL", postgres.jdbcUrl(DATABASE),
                "SYNCLANE_DB_USER", postgres.user(),
                "SYNCLANE_DB_PASSWORD", postgres.password(),
                "SYNCLANE_KAFKA_BOOTSTRAP", SharedInfrastructure.kafkaBootstrap(),
                "SYNCLANE_ADMIN_TOKEN", TOKEN,
                "SYNCLANE_REPORTS_DIR", HOME.resolve("deploy/demo/reports").toAbsolutePath().toString()));
        List<ServiceProcess> started = new ArrayList<>();
        try {
            ServiceProcess api = start(started, "api-service", env, logs.resolve("pg-restart-api.log"));
            ServiceProcess worker = start(started, "worker-service", env, logs.resolve("pg-restart-worker.log"));
            api.awaitReady(Duration.ofSeconds(90));
            worker.awaitReady(Duration.ofSeconds(90));

            long project = post(api, "/api/v2/projects/", Map.of("name", "Restart", "profile", "web-app"));
            long connector = post(api, "/api/v2/connectors/analysis/",
                    Map.of("name", "S", "system", Map.of("id", "sarif"), "params", Map.of()));
            List<Long> connections = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                connections.add(post(api, "/api/v2/connections/analysis/", Map.of("alias", "import " + i,
                        "connector", connector, "project", project,
                        "params", Map.of("report_path", "spotbugs-demo.sarif"))));
            }

            List<Long> jobs = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS / 2; i++) {
                jobs.add(post(api, "/api/v2/connections/analysis/" + connections.get(i) + "/sync/", null));
            }
            server.stop(); // while the first half is claimed, run and recorded
            Thread.sleep(3_000);
            server.start();
            for (int i = CONNECTIONS / 2; i < CONNECTIONS; i++) {
                jobs.add(postWhenAccepted(api, "/api/v2/connections/analysis/" + connections.get(i) + "/sync/"));
            }

            awaitAllEnded(postgres, jobs);
            try (Connection db = postgres.connect(DATABASE); Statement statement = db.createStatement()) {
                ResultSet jobRows = statement.executeQuery("SELECT count(*) FILTER (WHERE status = 'success'),"
                        + " count(*) FROM job");
                jobRows.next();
                assertEquals(CONNECTIONS, jobRows.getInt(2), "no job was added or lost");
                assertEquals(CONNECTIONS, jobRows.getInt(1), "every job succeeded");
                ResultSet runs = statement.executeQuery("SELECT count(*) FROM job_run WHERE status = 'success'");
                runs.next();
                assertEquals(CONNECTIONS, runs.getInt(1), "exactly one successful run per job");
            }
            awaitOutboxDrained(postgres);
        } finally {
            started.forEach(ServiceProcess::stop);
            server.stop();
            Processes.deleteTree(home);
        }
    }

    /** The api's pool may need a moment to replace connections the restart closed: retry until accepted. */
    private static long postWhenAccepted(ServiceProcess api, String path) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                return post(api, path, null);
            } catch (AssertionError refused) {
                if (System.nanoTime() > deadline) {
                    throw refused;
                }
                Thread.sleep(500);
            }
        }
    }

    private static void awaitAllEnded(PostgresEndpoint postgres, List<Long> jobs) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
        int open = -1;
        while (System.nanoTime() < deadline) {
            open = count(postgres, "SELECT count(*) FROM job WHERE status NOT IN ('success', 'failure', 'error', 'killed')");
            if (open == 0) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(open + " of " + jobs.size() + " jobs never ended after the restart");
    }

    private static void awaitOutboxDrained(PostgresEndpoint postgres) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int unsent = -1;
        while (System.nanoTime() < deadline) {
            unsent = count(postgres, "SELECT count(*) FROM outbox WHERE sent_at IS NULL");
            if (unsent == 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(unsent + " outbox rows were never sent");
    }

    private static int count(PostgresEndpoint postgres, String sql) throws Exception {
        try (Connection db = postgres.connect(DATABASE);
                Statement statement = db.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getInt(1);
        }
    }

    private static ServiceProcess start(List<ServiceProcess> started, String module, Map<String, String> env,
            Path log) throws Exception {
        ServiceProcess service = ServiceProcess.start(module,
                HOME.resolve(module + "/target/quarkus-app/quarkus-run.jar"), KafkaBroker.freePort(), env, log);
        started.add(service);
        return service;
    }

    private static long post(ServiceProcess api, String path, Object body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + path))
                .header("Authorization", "Token " + TOKEN).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(publisher).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() < 300, path + " answered " + response.statusCode() + ": " + response.body());
        return JSON.readTree(response.body()).get("id").asLong();
    }
}
