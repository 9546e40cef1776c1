package io.synclane.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.synclane.stack.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The valid records the hostile suite aims at, made over HTTP the way clients make them, before the database is
 * counted: two teams (each with an admin that edits both sides), a member of the first team without edit
 * permissions, a revoked token, projects with tasks, connectors and connections whose params hold planted secrets,
 * ended jobs with runs, a job of an inaccessible connector held by a remote agent (with states and files), agents
 * of both teams, webhooks of both teams (made last, after every job of the fixture ended, so that none of them is
 * notified: the hostile phase starts with no delivery due). Every secret planted here is in {@link #secrets()}: none
 * may appear in a refusal, in an answer to a caller not allowed to see it, or in the services' logs.
 */
final class HostileFixture {
    static final String ADMIN_EMAIL = "admin@synclane.local";

    /** A user's credential: its email and one API key. */
    record User(long id, String email, String key) {
    }

    /** A remote agent's credential. */
    record Agent(long id, String secret) {
    }

    final ServiceProcess api;
    final ServiceProcess worker;
    final String adminToken;
    private final HttpClient http;

    // team A (the owner's), team B (the foreigner's)
    long teamA;
    long teamB;
    User owner;
    User viewer;
    User foreigner;
    String revokedKey;
    long ownerTokenId;
    long foreignTokenId;
    long projectA;
    long projectA2;
    long projectB;
    long almConnectorA;
    long analysisConnectorA;
    long victimConnectorA;
    long inaccessibleConnectorA;
    long connectorB;
    long almConnectionA;
    long noopConnectionA;
    long victimConnectionA;
    long inaccessibleConnectionA;
    long noopConnectionB;
    long endedJobA;
    long reportedJobA;
    long agentJobA;
    long endedJobB;
    long agentStateA;
    long stateB;
    long fileA;
    long junitFileA;
    /** A page a run uploaded, script and all, under a name made to break out of a header: the dashboard serves it inert. */
    long htmlFileA;
    long fileB;
    long runA;
    long runB;
    long taskA;
    long taskB;
    Agent agentA;
    Agent victimAgentA;
    Agent agentB;
    String victimAgentEtag;
    String agentJobEtag;
    final List<String> plantedParamSecrets = new ArrayList<>();
    /** Team A's webhook (its URL holds the receiver's own token), the one that rotations and deletions aim at, team B's. */
    long webhookA;
    long victimWebhookA;
    long webhookB;
    /** A receiver's token in the path of team A's webhook URL: its admins read it; runs, logs and others never. */
    String receiverToken;
    String webhookUrl;
    /** The signing secrets ({@code whsec_...}) the webhooks were made with: shown once, never again, never logged. */
    final List<String> webhookSecrets = new ArrayList<>();
    /** The services' own keys (agents' secrets and webhooks' secrets are derived from them): never shown, never logged. */
    final List<String> serviceKeys = new ArrayList<>();

    HostileFixture(ServiceProcess api, ServiceProcess worker, String adminToken, HttpClient http) {
        this.api = api;
        this.worker = worker;
        this.adminToken = adminToken;
        this.http = http;
    }

    /** Makes every record; about a hundred valid requests. */
    void create() throws Exception {
        String paramSecret = "planted-alm-token-" + ServiceProcess.randomKey();
        String passSecret = "planted-alm-pass-" + ServiceProcess.randomKey();
        String connectionSecret = "planted-connection-token-" + ServiceProcess.randomKey();
        plantedParamSecrets.addAll(List.of(paramSecret, passSecret, connectionSecret));

        teamA = v2(adminToken, "POST", "/api/v2/teams/", Map.of("name", "Hostile A")).get("id").asLong();
        teamB = v2(adminToken, "POST", "/api/v2/teams/", Map.of("name", "Hostile B")).get("id").asLong();
        owner = user(teamA, "owner@hostile-a.test", true, List.of("edit_alm_connections", "edit_analysis_connections"));
        viewer = user(teamA, "viewer@hostile-a.test", false, List.of());
        foreigner = user(teamB, "owner@hostile-b.test", true,
                List.of("edit_alm_connections", "edit_analysis_connections"));
        ownerTokenId = v2(owner.key(), "GET", "/api/v2/users/" + owner.id() + "/tokens/", null)
                .get("results").get(0).get("id").asLong();
        foreignTokenId = v2(foreigner.key(), "GET", "/api/v2/users/" + foreigner.id() + "/tokens/", null)
                .get("results").get(0).get("id").asLong();
        JsonNode revoked = v2(viewer.key(), "POST", "/api/v2/users/" + viewer.id() + "/tokens/", Map.of("name", "old"));
        revokedKey = revoked.get("key").asText();
        call("DELETE", "/api/v2/users/" + viewer.id() + "/tokens/" + revoked.get("id").asLong() + "/",
                Map.of("Authorization", "Token " + viewer.key()), null, 204);

        projectA = create(owner, "/api/v2/projects/", Map.of("name", "Hostile project", "profile", "web-app"));
        projectA2 = create(owner, "/api/v2/projects/", Map.of("name", "Second project", "description", "plain"));
        projectB = create(foreigner, "/api/v2/projects/", Map.of("name", "Foreign project", "profile", "web-app"));

        almConnectorA = create(owner, "/api/v2/connectors/alm/", Map.of("name", "Redmine", "system",
                Map.of("id", "redmine"), "params", Map.of("alm_server", "http://127.0.0.1:1/",
                        "alm_api_token", paramSecret, "alm_pass", passSecret)));
        analysisConnectorA = create(owner, "/api/v2/connectors/analysis/", Map.of("name", "No-op",
                "system", Map.of("id", "noop"), "params", Map.of()));
        victimConnectorA = create(owner, "/api/v2/connectors/analysis/", Map.of("name", "Victim",
                "system", Map.of("id", "noop"), "params", Map.of()));
        inaccessibleConnectorA = create(owner, "/api/v2/connectors/analysis/", Map.of("name", "On site",
                "system", Map.of("id", "noop"), "inaccessible", true, "params", Map.of()));
        connectorB = create(foreigner, "/api/v2/connectors/analysis/", Map.of("name", "No-op B",
                "system", Map.of("id", "noop"), "params", Map.of()));

        almConnectionA = create(owner, "/api/v2/connections/alm/", Map.of("alias", "Redmine sync",
                "connector", almConnectorA, "project", projectA,
                "params", Map.of("alm_project", "hostile", "alm_api_token", connectionSecret)));
        noopConnectionA = create(owner, "/api/v2/connections/analysis/", Map.of("alias", "No-op import",
                "connector", analysisConnectorA, "project", projectA, "params", Map.of()));
        victimConnectionA = create(owner, "/api/v2/connections/analysis/", Map.of("alias", "Victim import",
                "connector", victimConnectorA, "project", projectA2, "params", Map.of()));
        inaccessibleConnectionA = create(owner, "/api/v2/connections/analysis/", Map.of("alias", "On-site import",
                "connector", inaccessibleConnectorA, "project", projectA, "params", Map.of()));
        noopConnectionB = create(foreigner, "/api/v2/connections/analysis/", Map.of("alias", "No-op import B",
                "connector", connectorB, "project", projectB, "params", Map.of()));

        endedJobA = trigger(owner, noopConnectionA);
        endedJobB = trigger(foreigner, noopConnectionB);
        reportedJobA = v2(owner.key(), "POST", "/api/v2/projects/" + projectA + "/jobs/alm/",
                Map.of("connection", almConnectionA, "result_message", "ran elsewhere", "succeeded", true))
                .get("id").asLong();
        awaitEnded(owner, endedJobA);
        awaitEnded(foreigner, endedJobB);

        agentA = agent(owner, "site-a");
        victimAgentA = agent(owner, "victim");
        agentB = agent(foreigner, "site-b");
        victimAgentEtag = dciResponse(basic(owner), "GET", "/api/v1/remotecis/" + victimAgentA.id(), null, 200)
                .headers().firstValue("ETag").orElseThrow();

        // The inaccessible connection's job, handed to agent A and running: its states, files and tasks.
        agentJobA = trigger(owner, inaccessibleConnectionA);
        JsonNode handed = dci(agentBasic(agentA), "POST", "/api/v1/jobs/schedule", Map.of("remoteci_id", agentA.id()), 201);
        if (handed.get("job").get("id").asLong() != agentJobA) {
            throw new IllegalStateException("agent A was handed another job: " + handed);
        }
        agentStateA = dci(agentBasic(agentA), "POST", "/api/v1/jobstates",
                Map.of("job_id", agentJobA, "status", "running", "comment", "started"), 201)
                .get("jobstate").get("id").asLong();
        fileA = dci(agentBasic(agentA), "POST", "/api/v1/jobs/" + agentJobA + "/files",
                Map.of("name", "run.log", "mime", "text/plain", "content", "line one\nline two\n"), 201)
                .get("file").get("id").asLong();
        junitFileA = dci(agentBasic(agentA), "POST", "/api/v1/jobs/" + agentJobA + "/files", Map.of("name",
                "results.xml", "mime", "application/junit", "content",
                "<testsuite name=\"s\" tests=\"2\" failures=\"1\"><testcase name=\"a\"/><testcase name=\"b\">"
                        + "<failure message=\"no\"/></testcase></testsuite>"), 201)
                .get("file").get("id").asLong();
        htmlFileA = dci(agentBasic(agentA), "POST", "/api/v1/jobs/" + agentJobA + "/files", Map.of("name",
                "report\"; filename=\"evil.html", "mime", "text/html", "content",
                "<html><script>fetch('/ui/api/session')</script></html>"), 201).get("file").get("id").asLong();
        JsonNode tasks = dci(agentBasic(agentA), "GET", "/api/v1/jobs/" + agentJobA + "/tasks", null, 200);
        taskA = tasks.get("tasks").get(0).get("id").asLong();
        taskB = taskA + tasks.get("tasks").size(); // project B was made after project A, with the same profile
        agentJobEtag = dciResponse(basic(owner), "GET", "/api/v1/jobs/" + agentJobA, null, 200)
                .headers().firstValue("ETag").orElseThrow();

        // Team B's records, for foreign ids.
        stateB = dci(basic(foreigner), "GET", "/api/v1/jobs/" + endedJobB + "/jobstates", null, 200)
                .get("jobstates").get(0).get("id").asLong();
        long jobB2 = dci(basic(foreigner), "POST", "/api/v1/jobs", Map.of("jobdefinition_id", noopConnectionB), 201)
                .get("job").get("id").asLong();
        awaitEnded(foreigner, jobB2);
        fileB = dci(basic(foreigner), "POST", "/api/v1/jobs/" + endedJobB + "/files",
                Map.of("name", "b.log", "content", "team b"), 201).get("file").get("id").asLong();
        runA = firstRun(owner, endedJobA);
        runB = firstRun(foreigner, endedJobB);

        // Webhooks, last: only webhooks that existed when a job ended are notified, so none of the jobs above is.
        // A public address (TEST-NET-3): the SSRF guard lets it through without a DNS lookup, and nothing answers
        // there; the suite keeps the operator's defaults (https only, no private targets) so that loopback and
        // plain-http URLs are refused.
        receiverToken = "planted-receiver-token-" + ServiceProcess.randomKey();
        webhookUrl = "https://" + RECEIVER_HOST + "/hooks/" + receiverToken;
        webhookA = webhook(owner, Map.of("url", webhookUrl, "statuses", List.of("success", "failure"),
                "connections", List.of(noopConnectionA, almConnectionA)));
        victimWebhookA = webhook(owner, Map.of("url", "https://" + RECEIVER_HOST + "/victim", "active", false));
        webhookB = webhook(foreigner, Map.of("url", "https://" + RECEIVER_HOST + "/team-b"));
    }

    /** Where the fixture's webhooks send: a public address (TEST-NET-3) that needs no DNS and is nobody's own. */
    static final String RECEIVER_HOST = "203.0.113.10";

    private long webhook(User admin, Map<String, Object> body) throws Exception {
        JsonNode created = v2(admin.key(), "POST", "/api/v2/webhooks/", body);
        webhookSecrets.add(created.get("secret").asText());
        return created.get("id").asLong();
    }

    /** Every secret a hostile answer or log must never show. */
    List<String> secrets() {
        List<String> all = new ArrayList<>(plantedParamSecrets);
        all.add(receiverToken);
        all.addAll(webhookSecrets);
        all.addAll(serviceKeys);
        all.addAll(apiKeys());
        all.add(agentA.secret());
        all.add(victimAgentA.secret());
        all.add(agentB.secret());
        return all;
    }

    /** The API keys: never shown again after the answer that made them. */
    List<String> apiKeys() {
        return List.of(adminToken, owner.key(), viewer.key(), foreigner.key(), revokedKey);
    }

    static String basic(User user) {
        return basic(user.email(), user.key());
    }

    static String agentBasic(Agent agent) {
        return basic("remoteci/" + agent.id(), agent.secret());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private User user(long team, String email, boolean admin, List<String> permissions) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", email);
        body.put("team", team);
        body.put("is_admin", admin);
        body.put("permissions", permissions);
        long id = v2(adminToken, "POST", "/api/v2/users/", body).get("id").asLong();
        String key = v2(adminToken, "POST", "/api/v2/users/" + id + "/tokens/", Map.of("name", "hostile"))
                .get("key").asText();
        return new User(id, email, key);
    }

    private Agent agent(User admin, String name) throws Exception {
        JsonNode created = dci(basic(admin), "POST", "/api/v1/remotecis", Map.of("name", name), 201).get("remoteci");
        return new Agent(created.get("id").asLong(), created.get("api_secret").asText());
    }

    private long create(User user, String path, Object body) throws Exception {
        return v2(user.key(), "POST", path, body).get("id").asLong();
    }

    private long trigger(User user, long connection) throws Exception {
        return v2(user.key(), "POST", "/api/v2/connections/analysis/" + connection + "/sync/", null).get("id").asLong();
    }

    /** Waits for a job to end successfully. */
    void awaitEnded(User user, long job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode current = null;
        while (System.nanoTime() < deadline) {
            current = v2(user.key(), "GET", "/api/v2/jobs/analysis/" + job + "/", null);
            if (current.get("completed").asBoolean()) {
                if (!"success".equals(current.get("status").asText())) {
                    throw new IllegalStateException("job " + job + " ended " + current);
                }
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("job " + job + " did not end: " + current);
    }

    private long firstRun(User user, long job) throws Exception {
        HttpResponse<String> runs = call("GET", "/v1/job_runs.json?step_id=" + job,
                Map.of("token", user.key()), null, 200);
        return EndToEnd.JSON.readTree(runs.body()).get(0).get("id").asLong();
    }

    JsonNode v2(String token, String method, String path, Object body) throws Exception {
        int expected = switch (method) {
            case "POST" -> path.endsWith("/sync/") ? 202 : path.contains("/jobs/") ? 200 : 201;
            case "DELETE" -> 204;
            default -> 200;
        };
        return EndToEnd.JSON.readTree(call(method, path, Map.of("Authorization", "Token " + token), body, expected).body());
    }

    JsonNode dci(String authorization, String method, String path, Object body, int expected) throws Exception {
        return EndToEnd.JSON.readTree(dciResponse(authorization, method, path, body, expected).body());
    }

    private HttpResponse<String> dciResponse(String authorization, String method, String path, Object body,
            int expected) throws Exception {
        return call(method, path, Map.of("Authorization", authorization), body, expected);
    }

    HttpResponse<String> call(String method, String path, Map<String, String> headers, Object body, int expected)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.baseUrl() + path))
                .timeout(Duration.ofSeconds(60)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(EndToEnd.JSON.writeValueAsString(body)));
        headers.forEach(request::header);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode()
                    + " (expected " + expected + "): " + response.body());
        }
        return response;
    }
}
