package io.synclane.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.synclane.stack.KafkaBroker;
import io.synclane.stack.LocalRedmine;
import io.synclane.stack.PostgresEndpoint;
import io.synclane.stack.ServiceProcess;
import io.synclane.stack.testing.SharedInfrastructure;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Remote agents as real processes: the packaged api-service and a worker (whose lease check takes over a dead
 * agent's job), and agents (the worker-service jar under profile {@code agent}) that reach Synclane over
 * {@code /api/v1} only. An agent syncs an inaccessible connection to a real Redmine with a key that only its local
 * params file holds; an agent of another team polls all along and never sees the job; an agent killed with
 * SIGKILL mid-job leaves it, after its lease, to a second agent that finishes it.
 */
class RemoteAgentEndToEndIT {
    private static final String TOKEN = "agents-admin-token-0123456789";
    private static final String DATABASE = "synclane_test_agents";
    private static final List<ServiceProcess> STARTED = new ArrayList<>();
    private static PostgresEndpoint postgres;
    private static ServiceProcess api;
    private static String adminBasic;

    @BeforeAll
    static void startApiAndWorker() throws Exception {
        postgres = SharedInfrastructure.postgres();
        Map<String, String> env = EndToEnd.serviceEnv(postgres, SharedInfrastructure.freshDatabase(DATABASE),
                SharedInfrastructure.kafkaBootstrap(), TOKEN);
        env.put("SYNCLANE_AGENTS_LEASE", "4s");
        env.put("SYNCLANE_WORKER_LEASE_CHECK_EVERY", "1s");
        api = EndToEnd.start(STARTED, "api-service", env, "agents-api.log");
        ServiceProcess worker = EndToEnd.start(STARTED, "worker-service", env, "agents-worker.log");
        api.awaitReady(Duration.ofSeconds(90));
        worker.awaitReady(Duration.ofSeconds(90));
        adminBasic = basic("admin@synclane.local", TOKEN);
    }

    @AfterAll
    static void stopAll() {
        STARTED.forEach(ServiceProcess::stop);
    }

    @Test
    void anInaccessibleRedmineConnectionIsSyncedByAnAgentThroughApiV1Only() throws Exception {
        LocalRedmine redmine = LocalRedmine.start(EndToEnd.HOME);
        String identifier = "agent-" + System.nanoTime();
        redmineCall(redmine, "POST", "/projects.json", Map.of("project", Map.of("name", identifier,
                "identifier", identifier, "tracker_ids", List.of(1, 2, 3),
                "enabled_module_names", List.of("issue_tracking"))));

        long project = EndToEnd.create(api, TOKEN, "/api/v2/projects/", Map.of("name", identifier, "profile", "web-app"));
        long connector = EndToEnd.create(api, TOKEN, "/api/v2/connectors/alm/", Map.of("name", "On-site Redmine",
                "system", Map.of("id", "redmine"), "inaccessible", true, "params", Map.of("alm_server", redmine.url())));
        long connection = EndToEnd.create(api, TOKEN, "/api/v2/connections/alm/", Map.of("alias", "Redmine on site",
                "connector", connector, "project", project, "params", Map.of("alm_project", identifier)));
        Agent agent = newAgent(adminBasic, "site-a");
        Agent stranger = newAgent(strangerTeamAdmin(), "elsewhere");
        Path params = Files.createTempFile("agent-params", ".json");
        Files.writeString(params, EndToEnd.JSON.writeValueAsString(Map.of("connections",
                Map.of(String.valueOf(connection), Map.of("alm_api_token", redmine.apiKey())))));

        ServiceProcess strangerProcess = startAgent(stranger, null, "agents-stranger.log");
        long job = EndToEnd.create(api, TOKEN, "/api/v2/connections/alm/" + connection + "/sync/", null);
        assertEquals("new", dci("GET", "/api/v1/jobs/" + job, adminBasic, null).get("job").get("status").asText());
        ServiceProcess agentProcess = startAgent(agent, params, "agents-site-a.log");
        try {
            JsonNode done = awaitEnded(job);
            assertEquals("success", done.get("status").asText(), done.toString());
            JsonNode issues = redmineCall(redmine, "GET", "/issues.json?project_id=" + identifier + "&status_id=*&limit=100", null);
            int created = issues.get("total_count").asInt();
            assertTrue(created > 0, "the agent made the project's issues in Redmine: " + issues);
            assertEquals(created, count("SELECT count(*) FROM alm_issue WHERE connection_id = " + connection),
                    "each issue's mapping written back through /api/v1/jobs/{id}/tasks");

            List<String> states = new ArrayList<>();
            dci("GET", "/api/v1/jobs/" + job + "/jobstates", adminBasic, null).get("jobstates")
                    .forEach(state -> states.add(state.get("status").asText()));
            assertEquals(List.of("new", "pre-run", "running", "success"), states.stream().distinct().toList());
            JsonNode files = dci("GET", "/api/v1/jobs/" + job + "/files", adminBasic, null);
            assertTrue(files.toString().contains("job-" + job + ".log"), "the run's log uploaded: " + files);
            assertFalse(files.toString().contains(redmine.apiKey()), "the local key never reaches Synclane");
            assertFalse(Files.readString(EndToEnd.HOME.resolve("deploy/e2e/target/logs/agents-api.log"))
                    .contains(redmine.apiKey()), "nor its log");
            assertEquals(1, count("SELECT count(*) FROM job_run WHERE job_id = " + job + " AND host = 'remoteci/"
                    + agent.id() + "'"), "run by the agent of the team");
            assertEquals(0, count("SELECT count(*) FROM job_run WHERE host = 'remoteci/" + stranger.id() + "'"),
                    "the other team's agent, polling all along, was handed nothing");
            assertTrue(strangerProcess.isAlive());
        } finally {
            agentProcess.stop();
            strangerProcess.stop();
        }
    }

    @Test
    void anAgentKilledMidJobLeavesItToTheNextAgent() throws Exception {
        SlowReportServer reports = new SlowReportServer();
        List<ServiceProcess> agents = new ArrayList<>();
        try {
            long project = EndToEnd.create(api, TOKEN, "/api/v2/projects/", Map.of("name", "Killed agent", "profile", "web-app"));
            long connector = EndToEnd.create(api, TOKEN, "/api/v2/connectors/analysis/", Map.of("name", "On-site SARIF",
                    "system", Map.of("id", "sarif"), "inaccessible", true, "params", Map.of()));
            long connection = EndToEnd.create(api, TOKEN, "/api/v2/connections/analysis/", Map.of("alias", "slow import",
                    "connector", connector, "project", project, "params",
                    Map.of("report_url", reports.url())));
            Agent doomed = newAgent(adminBasic, "doomed");
            Agent survivor = newAgent(adminBasic, "survivor");
            long job = EndToEnd.create(api, TOKEN, "/api/v2/connections/analysis/" + connection + "/sync/", null);

            ServiceProcess doomedProcess = startAgent(doomed, null, "agents-doomed.log");
            agents.add(doomedProcess);
            assertTrue(reports.awaitFirstFetch(90), "the first agent never started the job");
            ProcessHandle.of(doomedProcess.pid()).orElseThrow().destroyForcibly(); // SIGKILL: it posts nothing more
            ProcessHandle.of(doomedProcess.pid()).ifPresent(p -> p.onExit().join());

            agents.add(startAgent(survivor, null, "agents-survivor.log"));
            JsonNode done = awaitEnded(job);
            assertEquals("success", done.get("status").asText(), done.toString());
            try (Connection db = postgres.connect(SharedInfrastructure.databaseName(DATABASE));
                    Statement statement = db.createStatement()) {
                ResultSet runs = statement.executeQuery(
                        "SELECT status, host, stderr FROM job_run WHERE job_id = " + job + " ORDER BY id");
                assertTrue(runs.next());
                assertEquals("error", runs.getString(1), "the dead agent's attempt");
                assertEquals("remoteci/" + doomed.id(), runs.getString(2));
                assertTrue(runs.getString(3).contains("stopped renewing"), runs.getString(3));
                assertTrue(runs.next());
                assertEquals("success", runs.getString(1));
                assertEquals("remoteci/" + survivor.id(), runs.getString(2));
                assertFalse(runs.next());
            }
            assertEquals(0, count("SELECT count(*) FROM job_run WHERE job_id = " + job + " AND host NOT LIKE 'remoteci/%'"),
                    "never an internal worker's");
            JsonNode results = dci("GET", "/api/v1/jobs/" + job + "/results", adminBasic, null);
            assertEquals(1, results.get("_meta").get("count").asInt(), "the import's verdicts as JUnit: " + results);
        } finally {
            agents.forEach(ServiceProcess::stop);
            reports.close();
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    record Agent(long id, String secret) {
    }

    private static ServiceProcess startAgent(Agent agent, Path params, String log) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("SYNCLANE_AGENT_URL", api.baseUrl());
        env.put("SYNCLANE_AGENT_ID", String.valueOf(agent.id()));
        env.put("SYNCLANE_AGENT_SECRET", agent.secret());
        env.put("SYNCLANE_AGENT_HEARTBEAT_INTERVAL", "1s");
        env.put("SYNCLANE_AGENT_POLL_BACKOFF_MAX", "2s");
        // Not this test's database or broker: an agent must need neither.
        env.put("SYNCLANE_DB_URL", "jdbc:postgresql://127.0.0.1:1/none");
        env.put("SYNCLANE_KAFKA_BOOTSTRAP", "127.0.0.1:2");
        if (params != null) {
            env.put("SYNCLANE_AGENT_PARAMS_FILE", params.toString());
        }
        Path logs = EndToEnd.HOME.resolve("deploy/e2e/target/logs");
        Files.createDirectories(logs);
        ServiceProcess process = ServiceProcess.start("agent " + agent.id(),
                EndToEnd.HOME.resolve("worker-service/target/quarkus-app/quarkus-run.jar"), KafkaBroker.freePort(), env,
                logs.resolve(log), List.of("-Dquarkus.profile=agent"));
        process.awaitReady(Duration.ofSeconds(90));
        return process;
    }

    /** A team admin registers an agent over /api/v1: its id and the secret shown once. */
    private static Agent newAgent(String basic, String name) throws Exception {
        JsonNode created = dci("POST", "/api/v1/remotecis", basic, Map.of("name", name));
        return new Agent(created.get("remoteci").get("id").asLong(), created.get("remoteci").get("api_secret").asText());
    }

    /** Another team with an admin of its own, made by the operator's superuser over /api/v2. */
    private static String strangerTeamAdmin() throws Exception {
        long team = EndToEnd.create(api, TOKEN, "/api/v2/teams/", Map.of("name", "strangers-" + System.nanoTime()));
        String email = "admin-" + System.nanoTime() + "@strangers.test";
        long user = EndToEnd.create(api, TOKEN, "/api/v2/users/", Map.of("email", email, "team", team, "is_admin", true));
        String key = EndToEnd.post(api, TOKEN, "/api/v2/users/" + user + "/tokens/", Map.of("name", "dci")).get("key").asText();
        return basic(email, key);
    }

    private static JsonNode awaitEnded(long job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        JsonNode current = null;
        while (System.nanoTime() < deadline) {
            current = dci("GET", "/api/v1/jobs/" + job, adminBasic, null).get("job");
            if (List.of("success", "failure", "error", "killed").contains(current.get("status").asText())) {
                return current;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("job " + job + " did not end: " + current);
    }

    private static JsonNode dci(String method, String path, String basic, Object body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(EndToEnd.JSON.writeValueAsString(body));
        HttpResponse<String> response = EndToEnd.HTTP.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + path))
                .header("Authorization", basic).header("Content-Type", "application/json")
                .method(method, publisher).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() < 300, method + " " + path + " answered " + response.statusCode() + ": "
                + response.body());
        return EndToEnd.JSON.readTree(response.body());
    }

    private static JsonNode redmineCall(LocalRedmine redmine, String method, String path, Object body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(EndToEnd.JSON.writeValueAsString(body));
        HttpResponse<String> response = EndToEnd.HTTP.send(HttpRequest.newBuilder(URI.create(redmine.url() + path))
                .header("X-Redmine-API-Key", redmine.apiKey()).header("Content-Type", "application/json")
                .method(method, publisher).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() < 300, path + " answered " + response.statusCode() + ": " + response.body());
        return EndToEnd.JSON.readTree(response.body());
    }

    private static int count(String sql) throws Exception {
        return EndToEnd.count(postgres, SharedInfrastructure.databaseName(DATABASE), sql);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
