package io.synclane.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * The demo {@code ./deploy/local up} runs, as a client of the v2 API would: a project from the built-in
 * catalogue, a SARIF connector and connection on the shipped SpotBugs report, one import triggered and
 * followed on the event stream to its end. Finds what a previous run made instead of making it twice.
 */
final class DemoClient {
    private static final String PROJECT = "Demo project";
    private static final String CONNECTOR = "SpotBugs SARIF";
    private static final String CONNECTION = "Demo SpotBugs import";
    private static final String REDMINE_CONNECTOR = "Local Redmine";
    private static final String REDMINE_CONNECTION = "Demo Redmine sync";
    private static final String REDMINE_PROJECT = "synclane-demo";

    private final String base;
    private final String token;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    DemoClient(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** @return true when the demo import succeeded */
    boolean run() throws Exception {
        // %20, not URLEncoder's '+': a space in a query is %20 in RFC 3986, which every server decodes.
        long project = findOrCreate("/api/v2/projects/?name="
                        + URLEncoder.encode(PROJECT, StandardCharsets.UTF_8).replace("+", "%20"),
                "name", PROJECT, "/api/v2/projects/", Map.of("name", PROJECT, "profile", "web-app"));
        long connector = findOrCreate("/api/v2/connectors/analysis/", "name", CONNECTOR, "/api/v2/connectors/analysis/",
                Map.of("name", CONNECTOR, "system", Map.of("id", "sarif"), "params", Map.of()));
        long connection = findOrCreate("/api/v2/connections/analysis/?project=" + project, "alias", CONNECTION,
                "/api/v2/connections/analysis/", Map.of("alias", CONNECTION, "connector", connector, "project", project,
                        "params", Map.of("report_path", "spotbugs-demo.sarif", "task_status_mapping", Map.of("pass", "DONE"))));
        System.out.printf("demo: project %d, SARIF connector %d, connection %d%n", project, connector, connection);

        EventStream stream = EventStream.open(http, request("/api/v2/jobs/stream?connection=" + connection), json);
        try {
            long job = send("POST", "/api/v2/connections/analysis/" + connection + "/sync/", null).get("id").asLong();
            System.out.printf("demo: import job %d triggered (POST /api/v2/connections/analysis/%d/sync/ -> 202)%n",
                    job, connection);
            JsonNode done = awaitCompleted("analysis", job);
            stream.awaitLastEvent(Duration.ofSeconds(2));
            boolean succeeded = done.path("succeeded").asBoolean();
            System.out.printf("demo: job %d %s (status %s): %s%n", job, succeeded ? "SUCCEEDED" : "DID NOT SUCCEED",
                    done.path("status").asText(), done.path("result_message").asText());
            printTasks(project);
            return succeeded && syncToLocalRedmine(project);
        } finally {
            stream.close();
        }
    }

    /**
     * With a Redmine running locally ({@code deploy/redmine up}), the demo also syncs the project's tasks to
     * it: one issue per task in scope, in a Redmine project {@code synclane-demo}.
     */
    private boolean syncToLocalRedmine(long project) throws Exception {
        Optional<LocalRedmine> local = LocalRedmine.running(Path.of(""));
        if (local.isEmpty()) {
            System.out.println("demo: no local Redmine (start one with ./deploy/redmine up for an ALM sync demo)");
            return true;
        }
        String redmine = local.get().url();
        String key = local.get().apiKey();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(redmine + "/projects.json"))
                .header("X-Redmine-API-Key", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("project", Map.of(
                        "name", "Synclane demo", "identifier", REDMINE_PROJECT,
                        "enabled_module_names", List.of("issue_tracking"))))))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201 && created.statusCode() != 422) { // 422: it exists from an earlier demo
            System.out.println("demo: the local Redmine refused a project (" + created.statusCode() + "); skipped");
            return true;
        }
        long connector = findOrCreate("/api/v2/connectors/alm/", "name", REDMINE_CONNECTOR, "/api/v2/connectors/alm/",
                Map.of("name", REDMINE_CONNECTOR, "system", Map.of("id", "redmine"),
                        "params", Map.of("alm_server", redmine, "alm_api_token", key)));
        long connection = findOrCreate("/api/v2/connections/alm/?project=" + project, "alias", REDMINE_CONNECTION,
                "/api/v2/connections/alm/", Map.of("alias", REDMINE_CONNECTION, "connector", connector,
                        "project", project, "params", Map.of("alm_project", REDMINE_PROJECT)));
        long job = send("POST", "/api/v2/connections/alm/" + connection + "/sync/", null).get("id").asLong();
        JsonNode done = awaitCompleted("alm", job);
        boolean succeeded = done.path("succeeded").asBoolean();
        System.out.printf("demo: Redmine sync job %d %s: %s%n  issues: %s/projects/%s/issues?set_filter=1&status_id=*%n",
                job, succeeded ? "SUCCEEDED" : "DID NOT SUCCEED", done.path("result_message").asText(), redmine,
                REDMINE_PROJECT);
        return succeeded;
    }

    private long findOrCreate(String listPath, String field, String value, String createPath, Object body)
            throws Exception {
        Optional<JsonNode> existing = StreamSupport.stream(send("GET", listPath, null).get("results").spliterator(), false)
                .filter(r -> value.equals(r.path(field).asText())).findFirst();
        return existing.isPresent() ? existing.get().get("id").asLong() : send("POST", createPath, body).get("id").asLong();
    }

    private JsonNode awaitCompleted(String kind, long job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode current = send("GET", "/api/v2/jobs/" + kind + "/" + job, null);
            if (current.get("completed").asBoolean()) {
                return current;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the demo job " + job + " did not end within 60 s (see .local/logs/worker.log)");
    }

    private void printTasks(long project) throws Exception {
        JsonNode tasks = send("GET", "/api/v2/projects/" + project + "/tasks/", null).path("results");
        System.out.printf("demo: %d tasks of the project after the import:%n", tasks.size());
        System.out.printf("  %-6s %-60s %-12s %s%n", "TASK", "TITLE", "STATUS", "VERIFICATION");
        for (JsonNode task : tasks) {
            String title = task.path("title").asText();
            System.out.printf("  %-6s %-60s %-12s %s%n", task.path("task_id").asText(),
                    title.length() > 60 ? title.substring(0, 57) + "..." : title, task.path("status").asText(),
                    task.path("verification_status").asText("-"));
        }
    }

    private JsonNode send(String method, String path, Object body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body));
        HttpResponse<String> response = http.send(request(path).method(method, publisher)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Token " + token);
    }
}
