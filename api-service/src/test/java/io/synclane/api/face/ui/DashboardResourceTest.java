package io.synclane.api.face.ui;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.synclane.api.testing.Accounts;
import io.synclane.api.testing.Accounts.Account;
import io.synclane.api.testing.Fixtures;
import io.synclane.api.testing.Fixtures.AnalysisSetup;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's JSON (/ui/api) over seeded jobs whose statuses and end times are set in the database, so every
 * figure is known: counts by status, the queue, ends per minute, the failure rate, due syncs; paging and filters;
 * a job's states, runs and files; the team wall; which controls a caller may use, and that the backend refuses what
 * is hidden; every bad parameter a 400 naming it.
 */
@QuarkusTest
class DashboardResourceTest {
    @Inject
    DataSource dataSource;

    private Account editor;
    private AnalysisSetup setup;
    /** j[0] success 2 min ago, j[1] success 10 min ago, j[2] failure 2 min ago, j[3] error 30 h ago, j[4] running, j[5] queued. */
    private long[] j;

    @BeforeEach
    void seed() throws SQLException {
        editor = Accounts.newTeamUser(false, true, true);
        setup = Fixtures.analysisConnection(editor);
        j = new long[6];
        for (int i = 0; i < j.length; i++) {
            j[i] = Fixtures.triggerSync(editor, setup.connectionId());
        }
        // One transaction: now() is the same in every statement, so the two ends of "2 minutes ago" share a minute.
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            end(c, j[0], "success", "2 minutes");
            end(c, j[1], "success", "10 minutes");
            end(c, j[2], "failure", "2 minutes");
            end(c, j[3], "error", "30 hours");
            sql(c, "UPDATE job SET status = 'running', started_at = now(), attempt = 1 WHERE id = ?", j[4]);
            c.commit();
        }
    }

    @Test
    void theOverviewCountsTheTeamsJobsByStatusQueueAndMinute() {
        JsonPath overview = get(editor, "/ui/api/overview").then().statusCode(200).extract().jsonPath();

        assertEquals(Map.of("new", 0, "scheduled", 1, "pre-run", 0, "running", 1, "post-run", 0, "success", 2,
                "failure", 1, "error", 0, "killed", 0), overview.getMap("status_counts"),
                "unfinished jobs, and jobs ended within 24 h (the error of 30 h ago is not counted)");
        assertEquals(1, overview.getInt("queue.scheduled"));
        assertEquals(1, overview.getInt("queue.running"));
        assertEquals(3, overview.getInt("last_hour.ended"));
        assertEquals(2, overview.getInt("last_hour.succeeded"));
        assertEquals(1, overview.getInt("last_hour.failed"));
        assertEquals(1.0 / 3, overview.getDouble("last_hour.failure_rate"), 1e-6);
        List<Map<String, Object>> minutes = overview.getList("per_minute");
        assertEquals(60, minutes.size());
        assertEquals(2, minutes.stream().mapToInt(m -> (Integer) m.get("succeeded")).sum());
        assertEquals(1, minutes.stream().mapToInt(m -> (Integer) m.get("failed")).sum());
        assertEquals(2, minutes.stream().filter(m -> (Integer) m.get("succeeded") + (Integer) m.get("failed") > 0).count(),
                "the ends of 2 minutes ago share one minute, the one of 10 minutes ago has its own");
        assertEquals(overview.getString("per_minute[59].minute").substring(0, 16), overview.getString("now").substring(0, 16),
                "the last minute is the current one");
        assertEquals("job-requests", overview.getString("consumer_lag.topic"));
        assertEquals("synclane-workers", overview.getString("consumer_lag.group"));
        assertEquals(true, overview.getBoolean("consumer_lag.available"), "the test broker answers");
        assertEquals(6, overview.getInt("consumer_lag.partitions"));
        overview.getLong("outbox.waiting");
        assertEquals(0, overview.getInt("due.count"));
    }

    @Test
    void dueSyncsAreTheTeamsUnpausedScheduledConnectionsWithinTheHour() throws SQLException {
        AnalysisSetup soon = Fixtures.analysisConnection(editor);
        AnalysisSetup later = Fixtures.analysisConnection(editor);
        AnalysisSetup paused = Fixtures.analysisConnection(editor);
        schedule(soon.connectionId(), "20 minutes", false);
        schedule(later.connectionId(), "90 minutes", false);
        schedule(paused.connectionId(), "10 minutes", true);

        get(editor, "/ui/api/overview").then().statusCode(200)
                .body("due.count", equalTo(1))
                .body("due.connections.id", contains(soon.connectionId()))
                .body("due.connections[0].frequency", equalTo("hourly"))
                .body("due.connections[0].project.id", equalTo(soon.projectId()));
        get(Accounts.newTeamUser(false, true, true), "/ui/api/overview").then().body("due.count", equalTo(0));
    }

    @Test
    void anotherTeamSeesNoneOfItAndAddressingItIsNotFound() throws SQLException {
        Account stranger = Accounts.newTeamUser(false, true, true);

        get(stranger, "/ui/api/overview").then().statusCode(200)
                .body("status_counts.success", equalTo(0)).body("queue.scheduled", equalTo(0))
                .body("last_hour.ended", equalTo(0)).body("last_hour.failure_rate", nullValue());
        get(stranger, "/ui/api/jobs").then().statusCode(200).body("results", hasSize(0));
        get(stranger, "/ui/api/connections").then().statusCode(200).body("results", hasSize(0));
        get(stranger, "/ui/api/jobs/analysis/" + j[0]).then().statusCode(404).body("detail", equalTo("Not found."));
        get(stranger, "/ui/api/jobs?connection=" + setup.connectionId()).then().statusCode(400)
                .body("connection[0]", containsString(String.valueOf(setup.connectionId())));
        get(stranger, "/ui/api/jobs?project=" + setup.projectId()).then().statusCode(400).body("$", hasKey("project"));
        long file = attachLog(j[0], "secret log of another team");
        get(stranger, "/ui/api/jobs/analysis/" + j[0] + "/files/" + file).then().statusCode(404);
    }

    @Test
    void jobsArePagedByTheirCursorAndFiltered() {
        JsonPath first = get(editor, "/ui/api/jobs?limit=4").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(j[5], j[4], j[3], j[2]), longs(first.getList("results.id")));
        assertEquals(j[2], first.getLong("next_before"));
        get(editor, "/ui/api/jobs?limit=4&before=" + j[2]).then().statusCode(200)
                .body("results.id", contains((int) j[1], (int) j[0]))
                .body("next_before", nullValue());

        get(editor, "/ui/api/jobs?status=success").then().body("results.id", contains((int) j[1], (int) j[0]));
        get(editor, "/ui/api/jobs?status=failure,error").then().body("results.id", contains((int) j[3], (int) j[2]));
        get(editor, "/ui/api/jobs?kind=alm").then().body("results", hasSize(0));
        get(editor, "/ui/api/jobs?kind=analysis&project=" + setup.projectId() + "&connection=" + setup.connectionId())
                .then().body("results", hasSize(6)).body("results.connection.alias", everyItem(equalTo("Import")));
        get(editor, "/ui/api/jobs?trigger=automatic").then().body("results", hasSize(0));
        get(editor, "/ui/api/jobs?trigger=manual").then().body("results", hasSize(6))
                .body("results[0].user.email", equalTo(editor.email()));
    }

    @Test
    void aJobShowsItsStatesRunsAndFilesAndItsLog() throws SQLException {
        sql("INSERT INTO job_run (job_id, attempt, host, process_id, status, started_at, finished_at, stderr) "
                + "VALUES (?, 1, 'worker-a', 4242, 'success', now() - interval '3 minutes', "
                + "now() - interval '3 minutes' + interval '1500 milliseconds', '')", j[0]);
        long log = attachLog(j[0], "line one\nline two\n");

        JsonPath detail = get(editor, "/ui/api/jobs/analysis/" + j[0]).then().statusCode(200).extract().jsonPath();
        assertEquals("success", detail.getString("job.status"));
        assertEquals(List.of("scheduled", "success"), detail.getList("states.status"));
        assertEquals(4242, detail.getInt("runs[0].process_id"));
        assertEquals("worker-a", detail.getString("runs[0].host"));
        assertEquals(1500, detail.getInt("runs[0].duration_ms"));
        detail.getLong("runs[0].run_key");
        assertEquals("job-1.log", detail.getString("files[0].name"));
        String url = detail.getString("files[0].content_url");
        assertEquals("/ui/api/jobs/analysis/" + j[0] + "/files/" + log, url);

        get(editor, url).then().statusCode(200)
                .contentType(containsString("text/plain"))
                .header("X-Content-Type-Options", "nosniff")
                .body(equalTo("line one\nline two\n"));
        long otherJobsFile = attachLog(j[1], "another job's");
        get(editor, "/ui/api/jobs/analysis/" + j[0] + "/files/" + otherJobsFile).then().statusCode(404);
        get(editor, "/ui/api/jobs/alm/" + j[0]).then().statusCode(404);
    }

    @Test
    void controlsAreOfferedOnlyToCallersTheBackendLetsUseThem() {
        Account viewer = Accounts.userOf(editor.teamId(), false, false);

        get(editor, "/ui/api/jobs/analysis/" + j[5]).then().body("can_cancel", equalTo(true)).body("can_rerun", equalTo(true));
        get(editor, "/ui/api/jobs/analysis/" + j[0]).then().body("can_cancel", equalTo(false)).body("can_rerun", equalTo(true));
        get(viewer, "/ui/api/jobs/analysis/" + j[5]).then().statusCode(200)
                .body("can_cancel", equalTo(false)).body("can_rerun", equalTo(false));
        get(viewer, "/ui/api/connections").then().body("results[0].can_sync", equalTo(false))
                .body("results[0].can_pause", equalTo(false));
        get(editor, "/ui/api/connections").then().body("results[0].can_sync", equalTo(true))
                .body("results[0].can_pause", equalTo(true));

        // What is hidden is refused: the buttons' routes answer 403 to the viewer, and the editor's cancel works.
        given().header("Authorization", viewer.header()).post("/api/v2/jobs/analysis/{id}/cancel/", j[5])
                .then().statusCode(403);
        given().header("Authorization", viewer.header()).post("/api/v2/jobs/analysis/{id}/rerun/", j[5])
                .then().statusCode(403);
        given().header("Authorization", viewer.header()).post("/api/v2/connections/analysis/{id}/sync/",
                setup.connectionId()).then().statusCode(403);
        given().header("Authorization", editor.header()).post("/api/v2/jobs/analysis/{id}/cancel/", j[5])
                .then().statusCode(200);
        get(editor, "/ui/api/jobs/analysis/" + j[5]).then().body("job.status", equalTo("killed"))
                .body("can_cancel", equalTo(false));
    }

    @Test
    void connectionsCarryTheirLastJobAndLastOutcomes() {
        get(editor, "/ui/api/connections").then().statusCode(200)
                .body("results", hasSize(1))
                .body("results[0].id", equalTo(setup.connectionId()))
                .body("results[0].last_job.id", equalTo((int) j[5]))
                .body("results[0].last_job.status", equalTo("scheduled"))
                .body("results[0].history.job_id", contains((int) j[0], (int) j[1], (int) j[2], (int) j[3]))
                .body("results[0].history.status", contains("success", "success", "failure", "error"))
                .body("results[0].succeeded", equalTo(2))
                .body("results[0].frequency", equalTo("manually"))
                .body("next_after", nullValue());
        AnalysisSetup second = Fixtures.analysisConnection(editor);
        get(editor, "/ui/api/connections?limit=1").then().body("results.id", contains(setup.connectionId()))
                .body("next_after", equalTo(setup.connectionId()));
        get(editor, "/ui/api/connections?limit=1&after=" + setup.connectionId())
                .then().body("results.id", contains(second.connectionId())).body("results[0].last_job", nullValue());
    }

    @Test
    void theSessionSaysWhoAndWhatTheyMayChange() {
        get(editor, "/ui/api/session").then().statusCode(200)
                .body("user.email", equalTo(editor.email()))
                .body("team.id", equalTo((int) editor.teamId()))
                .body("team.name", notNullValue())
                .body("can_edit.alm", equalTo(true)).body("can_edit.analysis", equalTo(true));
        get(Accounts.userOf(editor.teamId(), false, true), "/ui/api/session").then()
                .body("can_edit.alm", equalTo(false)).body("can_edit.analysis", equalTo(true));
    }

    @Test
    void badParametersAre400NamingThemAndCredentialsAreRequired() {
        for (var bad : List.of(List.of("kind=bogus", "kind"), List.of("status=running,done", "status"),
                List.of("status=", ""), List.of("limit=0", "limit"), List.of("limit=201", "limit"),
                List.of("limit=ten", "limit"), List.of("project=abc", "project"), List.of("connection=-3", "connection"),
                List.of("before=1e3", "before"), List.of("trigger=cron", "trigger"))) {
            if (bad.get(1).isEmpty()) {
                get(editor, "/ui/api/jobs?" + bad.get(0)).then().statusCode(200);
                continue;
            }
            get(editor, "/ui/api/jobs?" + bad.get(0)).then().statusCode(400).body("$", hasKey(bad.get(1)));
        }
        get(editor, "/ui/api/connections?kind=x").then().statusCode(400).body("$", hasKey("kind"));
        get(editor, "/ui/api/connections?after=x").then().statusCode(400).body("$", hasKey("after"));
        get(editor, "/ui/api/jobs/bogus/1").then().statusCode(404).body("detail", notNullValue());
        get(editor, "/ui/api/jobs/analysis/99999999999999999999").then().statusCode(404);

        given().when().get("/ui/api/overview").then().statusCode(401)
                .header("WWW-Authenticate", "Token").body("detail", containsString("not provided"));
        given().header("Authorization", "Token not-a-key").when().get("/ui/api/overview").then().statusCode(401)
                .body("detail", equalTo("Invalid token."));
        given().header("Authorization", "Bearer x").when().get("/ui/api/jobs").then().statusCode(401);
    }

    @Test
    void theDashboardIsServedAtUiAndLinkedFromTheRoot() {
        given().redirects().follow(false).when().get("/").then().statusCode(302)
                .header("Location", endsWith("/ui/"));
        given().redirects().follow(false).when().get("/ui").then().statusCode(302)
                .header("Location", endsWith("/ui/"));
        given().when().get("/ui/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<main id=\"main\""))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("X-Frame-Options", "DENY")
                .header("Cache-Control", "no-cache");
        get(editor, "/ui/api/session").then().header("Cache-Control", "no-store");
        given().when().get("/ui/signin.html").then().statusCode(200).body(containsString("API token"));
        given().when().get("/webjars/uplot/dist/uPlot.iife.min.js").then().statusCode(200);
        given().when().get("/ui/no-such-page.html").then().statusCode(404).body("detail", notNullValue());
        for (String page : List.of("index.html", "jobs.html", "job.html", "connections.html")) {
            given().when().get("/ui/" + page).then().statusCode(200)
                    .body(containsString("<nav aria-label=\"Main\">"), containsString("Skip to content"),
                            not(containsString("style=\"")));
        }
    }

    private static io.restassured.response.Response get(Account account, String path) {
        return given().header("Authorization", account.header()).when().get(path);
    }

    private static List<Long> longs(List<Object> values) {
        return values.stream().map(v -> ((Number) v).longValue()).toList();
    }

    private static void end(Connection c, long job, String status, String ago) throws SQLException {
        sql(c, "UPDATE job SET status = '" + status + "', started_at = now() - interval '" + ago + "' - interval '1 second',"
                + " finished_at = now() - interval '" + ago + "', attempt = 1 WHERE id = ?", job);
        sql(c, "INSERT INTO job_state (job_id, status, comment) VALUES (?, '" + status + "', 'seeded')", job);
    }

    private void schedule(long connection, String in, boolean paused) throws SQLException {
        sql("UPDATE connection SET frequency = 'hourly', schedule_paused = " + paused
                + ", next_run = now() + interval '" + in + "' WHERE id = ?", connection);
    }

    private long attachLog(long job, String content) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO job_file (job_id, name, mime, size, md5, content) VALUES (?, 'job-1.log', 'text/plain', ?, '', ?)"
                        + " RETURNING id")) {
            byte[] bytes = content.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            insert.setLong(1, job);
            insert.setLong(2, bytes.length);
            insert.setBytes(3, bytes);
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void sql(String statement, long id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            sql(c, statement, id);
        }
    }

    private static void sql(Connection c, String statement, long id) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(statement)) {
            update.setLong(1, id);
            update.executeUpdate();
        }
    }
}
