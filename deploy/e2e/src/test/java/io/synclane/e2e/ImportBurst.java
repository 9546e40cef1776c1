package io.synclane.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.synclane.stack.PostgresEndpoint;
import io.synclane.stack.ServiceProcess;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The burst the restart tests run through an outage: one SARIF import connection per job (per-connection
 * concurrency is one), triggers over HTTP, and the proof afterwards that each job ran exactly once.
 */
final class ImportBurst {
    private final ServiceProcess api;
    private final String token;
    private final List<Long> connections = new ArrayList<>();
    private final java.util.Set<Integer> triggered = new java.util.HashSet<>();

    ImportBurst(ServiceProcess api, String token, int size) throws Exception {
        this.api = api;
        this.token = token;
        long project = EndToEnd.create(api, token, "/api/v2/projects/", Map.of("name", "Burst", "profile", "web-app"));
        long connector = EndToEnd.create(api, token, "/api/v2/connectors/analysis/",
                Map.of("name", "S", "system", Map.of("id", "sarif"), "params", Map.of()));
        for (int i = 0; i < size; i++) {
            connections.add(EndToEnd.create(api, token, "/api/v2/connections/analysis/", Map.of("alias", "import " + i,
                    "connector", connector, "project", project,
                    "params", Map.of("report_path", "spotbugs-demo.sarif"))));
        }
    }

    int size() {
        return connections.size();
    }

    /** Triggers the sync of the i-th connection. */
    void trigger(int i) throws Exception {
        EndToEnd.create(api, token, "/api/v2/connections/analysis/" + connections.get(i) + "/sync/", null);
        triggered.add(i);
    }

    /** Triggers the sync of the i-th connection and answers how the api took it, accepted or not. */
    HttpResponse<String> tryTrigger(int i) throws Exception {
        HttpResponse<String> answer = EndToEnd.HTTP.send(EndToEnd.request(api, token,
                "/api/v2/connections/analysis/" + connections.get(i) + "/sync/")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() < 300) {
            triggered.add(i);
        }
        return answer;
    }

    /** Triggers the i-th connection unless that was accepted already, retrying until the api accepts it. */
    void triggerOnce(int i) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!triggered.contains(i)) {
            HttpResponse<String> answer = tryTrigger(i);
            if (answer.statusCode() >= 300 && System.nanoTime() > deadline) {
                throw new AssertionError("trigger " + i + " never accepted: " + answer.statusCode() + " " + answer.body());
            }
            if (answer.statusCode() >= 300) {
                Thread.sleep(500);
            }
        }
    }

    /**
     * Every job ended, each succeeded in exactly one run, none was added or lost, and the outbox drained.
     */
    void assertEachJobRanOnce(PostgresEndpoint postgres, String database) throws Exception {
        EndToEnd.awaitNone(postgres, database,
                "SELECT count(*) FROM job WHERE status NOT IN ('success', 'failure', 'error', 'killed')",
                Duration.ofSeconds(150), "jobs never ended after the restart");
        assertEquals(size(), EndToEnd.count(postgres, database, "SELECT count(*) FROM job"), "no job was added or lost");
        assertEquals(size(), EndToEnd.count(postgres, database, "SELECT count(*) FROM job WHERE status = 'success'"),
                "every job succeeded");
        assertEquals(size(), EndToEnd.count(postgres, database, "SELECT count(*) FROM job_run WHERE status = 'success'"),
                "exactly one successful run per job");
        EndToEnd.awaitNone(postgres, database, "SELECT count(*) FROM outbox",
                Duration.ofSeconds(30), "outbox rows were never sent");
    }
}
