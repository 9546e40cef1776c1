package io.synclane.worker.connector.alm.redmine;

import static io.synclane.worker.testing.WorkerFixtures.awaitEnd;
import static io.synclane.worker.testing.WorkerFixtures.read;
import static io.synclane.worker.testing.WorkerFixtures.schedule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.synclane.common.domain.Connection;
import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.Connector;
import io.synclane.common.domain.Job;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.domain.Project;
import io.synclane.common.domain.Task;
import io.synclane.common.domain.TaskStatus;
import io.synclane.common.domain.Team;
import io.synclane.common.job.JobLifecycle;
import io.synclane.stack.LocalRedmine;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ALM syncs against a real Redmine (Debian's packages, started by {@code deploy/redmine up}): a project
 * synced twice has exactly one issue per in-scope task, a task marked DONE closes its issue, and an issue
 * closed in Redmine marks its task DONE.
 */
@QuarkusTest
class RedmineSyncTest {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static String server;
    private static String apiKey;

    @Inject
    JobLifecycle lifecycle;

    /** Installs (once, needs root) and starts the Redmine; a machine that cannot fails here, loudly. */
    @BeforeAll
    static void startRedmine() throws Exception {
        LocalRedmine redmine = LocalRedmine.start(REPOSITORY);
        server = redmine.url();
        apiKey = redmine.apiKey();
    }

    @Test
    void twoSyncsMakeOneIssuePerTaskInScopeAndStatusesFollowEitherSide() throws Exception {
        String identifier = "synclane-" + UUID.randomUUID().toString().substring(0, 8);
        redmine("POST", "/projects.json", Map.of("project", Map.of("name", identifier, "identifier", identifier,
                "tracker_ids", List.of(1, 2, 3), "enabled_module_names", List.of("issue_tracking"))));
        long connection = almConnection(Map.of("alm_server", server, "alm_api_token", apiKey,
                "alm_project", identifier, "alm_phases", "development", "conflict_policy", "alm"));

        Job first = run(connection);
        assertEquals(JobStatus.SUCCESS, first.status, first.resultMessage);
        assertEquals("Redmine: 3 tasks in scope: 2 created, 0 updated, 0 unchanged, 1 skipped, 0 failed",
                first.resultMessage);
        assertEquals(List.of("T1: Use parameterized queries", "T2: Encode output"), subjects(identifier));

        Job second = run(connection);
        assertEquals("Redmine: 3 tasks in scope: 0 created, 0 updated, 2 unchanged, 1 skipped, 0 failed",
                second.resultMessage);
        assertEquals(2, subjects(identifier).size(), "a re-run creates no second issue");

        setTaskStatus(connection, "T1", TaskStatus.DONE);
        closeIssue(identifier, "T2:");
        Job third = run(connection);
        assertEquals("Redmine: 3 tasks in scope: 0 created, 2 updated, 0 unchanged, 1 skipped, 0 failed",
                third.resultMessage);
        assertTrue(issue(identifier, "T1:").path("status").path("name").asText().equals("Closed"),
                "the task marked DONE closed its issue");
        assertEquals(TaskStatus.DONE, taskStatus(connection, "T2"), "the issue closed in Redmine marked its task DONE");
        assertEquals(2, subjects(identifier).size());
    }

    @Test
    void aWrongKeyEndsTheJobInFailureSayingWhatToFixWithoutTheKey() throws Exception {
        String wrongKey = "0123456789abcdef0123456789abcdef01234567";
        long connection = almConnection(Map.of("alm_server", server, "alm_api_token", wrongKey,
                "alm_project", "anything"));
        Job job = run(connection);
        assertEquals(JobStatus.FAILURE, job.status);
        assertTrue(job.resultMessage.contains("alm_api_token"), job.resultMessage);
        assertFalse(job.resultMessage.contains(wrongKey));
    }

    @Test
    void anUnknownProjectIsNamed() throws Exception {
        long connection = almConnection(Map.of("alm_server", server, "alm_api_token", apiKey,
                "alm_project", "no-such-project-" + UUID.randomUUID().toString().substring(0, 8)));
        Job job = run(connection);
        assertEquals(JobStatus.FAILURE, job.status);
        assertTrue(job.resultMessage.contains("has no project"), job.resultMessage);
    }

    private Job run(long connection) throws InterruptedException {
        long jobId = schedule(lifecycle, connection);
        awaitEnd(jobId, Duration.ofSeconds(60));
        return read(() -> Job.findById(jobId));
    }

    /**
     * A project with: T1, T2 in scope (phase development, priority at least 7, TODO); T3 in scope but DONE
     * (not created: only TODO is); T4 of priority 3 and T5 of phase testing, out of scope.
     */
    private static long almConnection(Map<String, Object> params) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Team team = new Team();
            team.name = "team-" + UUID.randomUUID();
            team.persist();
            Project project = new Project();
            project.teamId = team.id;
            project.name = "webshop";
            project.persist();
            task(project, "T1", "Use parameterized queries", "development", 9, TaskStatus.TODO);
            task(project, "T2", "Encode output", "development", 7, TaskStatus.TODO);
            task(project, "T3", "Hash passwords", "development", 8, TaskStatus.DONE);
            task(project, "T4", "Log out idle sessions", "development", 3, TaskStatus.TODO);
            task(project, "T5", "Fuzz the parser", "testing", 9, TaskStatus.TODO);
            Connector connector = new Connector();
            connector.teamId = team.id;
            connector.kind = ConnectionKind.ALM;
            connector.name = "Redmine";
            connector.system = "redmine";
            connector.persist();
            Connection connection = new Connection();
            connection.teamId = team.id;
            connection.projectId = project.id;
            connection.connector = connector;
            connection.kind = ConnectionKind.ALM;
            connection.alias = "redmine";
            connection.params = new HashMap<>(params);
            connection.persist();
            return connection.id;
        });
    }

    private static void task(Project project, String id, String title, String phase, int priority, TaskStatus status) {
        Task task = new Task();
        task.projectId = project.id;
        task.taskId = id;
        task.title = title;
        task.text = "Requirement " + id;
        task.phase = phase;
        task.priority = priority;
        task.status = status;
        task.persist();
    }

    private static void setTaskStatus(long connection, String taskId, TaskStatus status) {
        QuarkusTransaction.requiringNew().run(() -> {
            Task task = Task.find("projectId = ?1 and taskId = ?2",
                    Connection.<Connection>findById(connection).projectId, taskId).firstResult();
            task.status = status;
            task.updatedAt = Instant.now();
        });
    }

    private static TaskStatus taskStatus(long connection, String taskId) {
        return read(() -> Task.<Task>find("projectId = ?1 and taskId = ?2",
                Connection.<Connection>findById(connection).projectId, taskId).firstResult().status);
    }

    private static List<String> subjects(String project) throws Exception {
        JsonNode issues = redmine("GET", "/issues.json?project_id=" + project + "&status_id=*&sort=id&limit=100", null)
                .path("issues");
        return StreamSupport.stream(issues.spliterator(), false).map(i -> i.path("subject").asText()).toList();
    }

    private static JsonNode issue(String project, String prefix) throws Exception {
        for (JsonNode issue : redmine("GET", "/issues.json?project_id=" + project + "&status_id=*&limit=100", null)
                .path("issues")) {
            if (issue.path("subject").asText().startsWith(prefix)) {
                return issue;
            }
        }
        throw new AssertionError("no issue " + prefix + " in " + project);
    }

    private static void closeIssue(String project, String prefix) throws Exception {
        long id = issue(project, prefix).path("id").asLong();
        redmine("PUT", "/issues/" + id + ".json", Map.of("issue", Map.of("status_id", 5)));
    }

    private static JsonNode redmine(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server + path))
                .header("X-Redmine-API-Key", apiKey).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() / 100 == 2, method + " " + path + " -> " + response.statusCode() + " "
                + response.body());
        return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
    }
}
