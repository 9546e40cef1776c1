package io.synclane.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.synclane.stack.PostgresEndpoint;
import io.synclane.stack.ServiceProcess;
import io.synclane.stack.testing.SharedInfrastructure;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A worker killed with SIGKILL in the middle of a job: its lease lapses, another worker process takes the job
 * over and finishes it, and the dead attempt is recorded as an error with the reason.
 */
class WorkerCrashIT {
    private static final String TOKEN = "crash-admin-token-0123456789";

    @Test
    void aJobOfAKilledWorkerIsFinishedByAnother() throws Exception {
        SlowReportServer reports = new SlowReportServer();

        PostgresEndpoint postgres = SharedInfrastructure.postgres();
        String url = SharedInfrastructure.freshDatabase("synclane_test_crash");
        Map<String, String> env = EndToEnd.serviceEnv(postgres, url, SharedInfrastructure.kafkaBootstrap(), TOKEN);
        env.putAll(Map.of(
                "SYNCLANE_WORKER_LEASE", "3s",
                "SYNCLANE_WORKER_LEASE_RENEW_EVERY", "1s",
                "SYNCLANE_WORKER_LEASE_CHECK_EVERY", "1s"));
        List<ServiceProcess> started = new ArrayList<>();
        try {
            ServiceProcess api = EndToEnd.start(started, "api-service", env, "crash-api.log");
            ServiceProcess doomed = EndToEnd.start(started, "worker-service", env, "crash-worker-1.log");
            api.awaitReady(Duration.ofSeconds(90));
            doomed.awaitReady(Duration.ofSeconds(90));

            long project = EndToEnd.create(api, TOKEN, "/api/v2/projects/", Map.of("name", "Crash", "profile", "web-app"));
            long connector = EndToEnd.create(api, TOKEN, "/api/v2/connectors/analysis/",
                    Map.of("name", "S", "system", Map.of("id", "sarif"), "params", Map.of()));
            long connection = EndToEnd.create(api, TOKEN, "/api/v2/connections/analysis/", Map.of("alias", "slow import",
                    "connector", connector, "project", project, "params",
                    Map.of("report_url", reports.url())));
            long job = EndToEnd.create(api, TOKEN, "/api/v2/connections/analysis/" + connection + "/sync/", null);

            assertTrue(reports.awaitFirstFetch(60), "the first worker never started the job");
            ProcessHandle.of(doomed.pid()).orElseThrow().destroyForcibly(); // SIGKILL: no shutdown hook runs
            ProcessHandle.of(doomed.pid()).ifPresent(p -> p.onExit().join());

            ServiceProcess survivor = EndToEnd.start(started, "worker-service", env, "crash-worker-2.log");
            survivor.awaitReady(Duration.ofSeconds(90));

            JsonNode done = awaitCompleted(api, job);
            assertEquals("success", done.get("status").asText(), done.toString());
            try (Connection db = postgres.connect(SharedInfrastructure.databaseName("synclane_test_crash")); Statement statement = db.createStatement()) {
                ResultSet runs = statement.executeQuery(
                        "SELECT status, process_id, stderr FROM job_run WHERE job_id = " + job + " ORDER BY id");
                assertTrue(runs.next());
                assertEquals("error", runs.getString(1));
                assertEquals(doomed.pid(), runs.getLong(2));
                assertTrue(runs.getString(3).contains("stopped renewing"), runs.getString(3));
                assertTrue(runs.next());
                assertEquals("success", runs.getString(1));
                assertEquals(survivor.pid(), runs.getLong(2));
            }
        } finally {
            started.forEach(ServiceProcess::stop);
            reports.close();
        }
    }

    private static JsonNode awaitCompleted(ServiceProcess api, long job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode current = null;
        while (System.nanoTime() < deadline) {
            current = EndToEnd.get(api, TOKEN, "/api/v2/jobs/analysis/" + job);
            if (current.get("completed").asBoolean()) {
                return current;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("job " + job + " did not complete: " + current);
    }
}
