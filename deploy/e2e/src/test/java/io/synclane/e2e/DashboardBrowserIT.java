package io.synclane.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.synclane.stack.LocalChromium;
import io.synclane.stack.PostgresEndpoint;
import io.synclane.stack.ServiceProcess;
import io.synclane.stack.testing.SharedInfrastructure;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: Debian's headless Chromium driven by Selenium (deploy/chromium installs it when
 * missing; nothing is downloaded), against both packaged services as processes. An operator signs in with a token,
 * watches a triggered job appear and succeed on the live page without a reload, cancels a running job from its page,
 * never sees another team's jobs, and every page fits a phone's width. The pages are saved as PNGs (target/screenshots,
 * or -Ddashboard.screenshots=docs/screenshots for the README's).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {
    private static final String TOKEN = "dashboard-admin-token-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int WIDE = 1280;
    private static final int PHONE = 390;
    /** Jobs the seed runs: every fourth one (Semgrep's report is missing) fails. */
    private static final int HISTORY = 16;

    private static final List<ServiceProcess> started = new ArrayList<>();
    private static ServiceProcess api;
    private static SlowReportServer slowReports;
    private static ChromeDriver browser;
    private static Path screenshots;

    private static long nightly;
    private static long slow;
    private static long strangerJob;
    private static String strangerConnection;

    @BeforeAll
    static void start() throws Exception {
        LocalChromium chromium = LocalChromium.ensure(EndToEnd.HOME);
        slowReports = new SlowReportServer();
        PostgresEndpoint postgres = SharedInfrastructure.postgres();
        String url = SharedInfrastructure.freshDatabase("synclane_test_dashboard");
        Map<String, String> env = EndToEnd.serviceEnv(postgres, url, SharedInfrastructure.kafkaBootstrap(), TOKEN);
        api = EndToEnd.start(started, "api-service", env, "dashboard-api.log");
        ServiceProcess worker = EndToEnd.start(started, "worker-service", env, "dashboard-worker.log");
        browser = chrome(chromium); // while the services boot
        api.awaitReady(Duration.ofSeconds(90));
        worker.awaitReady(Duration.ofSeconds(90));
        seed();
        screenshots = EndToEnd.HOME.resolve(System.getProperty("dashboard.screenshots", "deploy/e2e/target/screenshots"));
        Files.createDirectories(screenshots);
    }

    /** The driver and browser are Debian's: Selenium Manager is never asked (both paths are given). */
    private static ChromeDriver chrome(LocalChromium chromium) {
        System.setProperty("webdriver.chrome.driver", chromium.driver().toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.browser().toFile());
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--hide-scrollbars",
                "--window-size=" + WIDE + ",900", "--force-device-scale-factor=1", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromium.driver().toFile()).build();
        return new ChromeDriver(service, options);
    }

    /**
     * The admin's team (the bootstrap superuser's): three connections with a few ended jobs, so the pages show what an
     * operator sees on a working day; another team with a job of its own, which must never show.
     */
    private static void seed() throws Exception {
        long adminTeam = EndToEnd.get(api, TOKEN, "/api/v2/users/me/").get("team").asLong();
        patch("/api/v2/teams/" + adminTeam + "/", Map.of("advanced_alm", true)); // scheduled connections need it
        long project = EndToEnd.create(api, TOKEN, "/api/v2/projects/", Map.of("name", "Payments API", "profile", "web-app"));
        long connector = EndToEnd.create(api, TOKEN, "/api/v2/connectors/analysis/",
                Map.of("name", "SARIF", "system", Map.of("id", "sarif"), "params", Map.of()));
        nightly = connection(project, connector, "Nightly SpotBugs", "hourly", Map.of("report_path", "spotbugs-demo.sarif"));
        long semgrep = connection(project, connector, "Semgrep import", "hourly", Map.of("report_path", "semgrep.sarif"));
        slow = connection(project, connector, "Release scan", "manually", Map.of("report_url", slowReports.url()));
        long codeql = connection(project, connector, "CodeQL import", "daily", Map.of("report_path", "spotbugs-demo.sarif"));
        List<Long> jobs = new ArrayList<>();
        for (int i = 0; i < HISTORY; i++) {
            jobs.add(sync(TOKEN, i % 4 == 1 ? semgrep : i % 4 == 3 ? codeql : nightly));
        }
        for (long job : jobs) {
            awaitCompleted(TOKEN, job);
        }
        backdate(jobs);

        long team = EndToEnd.create(api, TOKEN, "/api/v2/teams/", Map.of("name", "Another team"));
        long user = EndToEnd.create(api, TOKEN, "/api/v2/users/", Map.of("email", "ops@another.example", "team", team,
                "permissions", List.of("edit_analysis_connections")));
        String strangerToken = EndToEnd.post(api, TOKEN, "/api/v2/users/" + user + "/tokens/", Map.of("name", "ui"))
                .get("key").asText();
        long strangerProject = EndToEnd.create(api, strangerToken, "/api/v2/projects/",
                Map.of("name", "Their project", "profile", "web-app"));
        long strangerConnector = EndToEnd.create(api, strangerToken, "/api/v2/connectors/analysis/",
                Map.of("name", "Theirs", "system", Map.of("id", "sarif"), "params", Map.of()));
        strangerConnection = "Their confidential import";
        long theirs = EndToEnd.create(api, strangerToken, "/api/v2/connections/analysis/", Map.of("alias",
                strangerConnection, "connector", strangerConnector, "project", strangerProject,
                "params", Map.of("report_path", "spotbugs-demo.sarif")));
        strangerJob = sync(strangerToken, theirs);
        awaitCompleted(strangerToken, strangerJob);
    }

    /**
     * Spreads the seed's jobs over the last hour, as if they had run at their own minutes (every time of a job, its
     * states and runs moved back by the same amount), so the per-minute charts show an hour rather than one bar. Only
     * times change: the outcomes the tests count are the ones the services recorded.
     */
    private static void backdate(List<Long> jobs) throws Exception {
        try (Connection db = SharedInfrastructure.postgres().connect(
                SharedInfrastructure.databaseName("synclane_test_dashboard")); Statement statement = db.createStatement()) {
            for (int i = 0; i < jobs.size(); i++) {
                String shift = "interval '" + (56 - i * 3) + " minutes " + (i * 7 % 50) + " seconds'";
                long job = jobs.get(i);
                statement.addBatch("UPDATE job SET created_at = created_at - " + shift + ", started_at = started_at - "
                        + shift + ", finished_at = finished_at - " + shift + ", updated_at = updated_at - " + shift
                        + " WHERE id = " + job);
                statement.addBatch("UPDATE job_state SET created_at = created_at - " + shift + " WHERE job_id = " + job);
                statement.addBatch("UPDATE job_run SET started_at = started_at - " + shift + ", finished_at = finished_at - "
                        + shift + " WHERE job_id = " + job);
            }
            statement.executeBatch();
        }
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (slowReports != null) {
            slowReports.close(); // the cancelled job's fetch ends, so its worker stops at once
        }
        started.forEach(ServiceProcess::stop);
    }

    @Test
    @Order(1)
    void signingInWithAWrongTokenIsRefusedAndWithTheRightOneOpensTheLivePage() throws Exception {
        browser.get(api.baseUrl() + "/");
        wait(ExpectedConditions.urlContains("/ui/signin.html"));
        type("token", "not-a-token");
        browser.findElement(By.id("signin-button")).click();
        assertTrue(wait(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[role=alert]"))).getText()
                .contains("not accepted"));

        browser.findElement(By.id("token")).clear();
        type("token", TOKEN);
        browser.findElement(By.id("signin-button")).click();
        wait(ExpectedConditions.attributeToBe(By.id("live-state"), "data-state", "live"));
        assertEquals(api.baseUrl() + "/ui/", browser.getCurrentUrl());
        assertEquals(TOKEN, script("return sessionStorage.getItem('synclane.token')"));
        assertEquals(null, script("return localStorage.getItem('synclane.token')"), "kept in the session only");
        assertTrue(browser.findElement(By.id("who-name")).getText().contains("admin@synclane.local"));
    }

    @Test
    @Order(2)
    void aTriggeredJobAppearsOnTheLivePageAndSucceedsWithoutAReload() throws Exception {
        browser.get(api.baseUrl() + "/ui/");
        wait(ExpectedConditions.attributeToBe(By.id("live-state"), "data-state", "live"));
        script("window.__sameDocument = 'yes'");
        int endedBefore = Integer.parseInt(browser.findElement(By.cssSelector("#kpi-ended .value")).getText());

        long job = sync(TOKEN, nightly);
        By row = By.cssSelector("#stream tr[data-job-id='" + job + "']");
        wait(ExpectedConditions.presenceOfElementLocated(row));
        wait(ExpectedConditions.attributeToBe(By.cssSelector("#stream tr[data-job-id='" + job + "'] .badge"),
                "data-status", "success"));
        assertEquals("yes", script("return window.__sameDocument"), "the page was never reloaded");
        wait(driver -> Integer.parseInt(driver.findElement(By.cssSelector("#kpi-ended .value")).getText()) == endedBefore + 1);
        assertTrue(browser.findElement(By.id("announcer")).getAttribute("aria-live").equals("polite"));

        // Another team's job and connection are nowhere on the page.
        assertTrue(browser.findElements(By.cssSelector("#stream tr[data-job-id='" + strangerJob + "']")).isEmpty());
        assertFalse(browser.getPageSource().contains(strangerConnection));
        wait(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#chart-per-minute canvas")));
        screenshot("live", WIDE);
    }

    @Test
    @Order(3)
    void anotherTeamsJobsAreAbsentFromTheJobsPageAndTheirPageIsNotFound() throws Exception {
        browser.get(api.baseUrl() + "/ui/jobs.html");
        wait(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#jobs tr[data-job-id]")));
        List<String> shown = browser.findElements(By.cssSelector("#jobs tr[data-job-id]")).stream()
                .map(r -> r.getAttribute("data-job-id")).toList();
        assertEquals(HISTORY + 1, shown.size(), "the seed's jobs and the one of the live test: " + shown);
        assertFalse(shown.contains(String.valueOf(strangerJob)));
        assertFalse(browser.getPageSource().contains(strangerConnection));

        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("f-status"))).selectByValue("failure,error");
        wait(driver -> driver.findElements(By.cssSelector("#jobs tr[data-job-id]")).size() == HISTORY / 4);
        assertTrue(browser.getCurrentUrl().endsWith("?status=failure%2Cerror"), browser.getCurrentUrl());
        browser.get(api.baseUrl() + "/ui/jobs.html");
        wait(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#jobs tr[data-job-id]")));
        screenshot("jobs", WIDE);

        browser.get(api.baseUrl() + "/ui/job.html?kind=analysis&id=" + strangerJob);
        assertTrue(wait(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#problem [role=alert]")))
                .getText().contains("not one of your team's"));
    }

    @Test
    @Order(4)
    void aRunningJobIsCancelledFromItsPage() throws Exception {
        long job = sync(TOKEN, slow);
        assertTrue(slowReports.awaitFirstFetch(30), "the worker started the slow job");
        browser.get(api.baseUrl() + "/ui/job.html?kind=analysis&id=" + job);
        wait(ExpectedConditions.attributeToBe(By.cssSelector("#status .badge"), "data-status", "running"));
        assertTrue(browser.findElement(By.id("rerun")).isDisplayed());

        browser.findElement(By.id("cancel")).click();
        wait(ExpectedConditions.elementToBeClickable(By.id("confirm-cancel"))).click();
        wait(ExpectedConditions.attributeToBe(By.cssSelector("#status .badge"), "data-status", "killed"));
        assertTrue(browser.findElements(By.id("cancel")).isEmpty(), "an ended job offers no cancel");
        assertEquals("killed", EndToEnd.get(api, TOKEN, "/api/v2/jobs/analysis/" + job).get("status").asText());
        wait(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "cancelled by user"));
    }

    @Test
    @Order(5)
    void aJobsPageShowsItsTimelineRunsAndLog() throws Exception {
        JsonNode newest = EndToEnd.get(api, TOKEN, "/ui/api/jobs?status=success&limit=1").get("results").get(0);
        browser.get(api.baseUrl() + "/ui/job.html?kind=analysis&id=" + newest.get("id").asText());
        wait(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#file-view pre"), "SpotBugs"));
        assertEquals(3, browser.findElements(By.cssSelector("#timeline li")).size());
        assertTrue(browser.findElement(By.id("runs")).getText().contains("pid"));
        screenshot("job", WIDE);
    }

    @Test
    @Order(6)
    void connectionsShowScheduleHistoryAndPauseToggle() throws Exception {
        browser.get(api.baseUrl() + "/ui/connections.html");
        By nightlySwitch = By.cssSelector("tr[data-connection-id='" + nightly + "'] button[role=switch]");
        WebElement toggle = wait(ExpectedConditions.elementToBeClickable(nightlySwitch));
        assertEquals("true", toggle.getAttribute("aria-checked"));
        assertEquals(HISTORY / 2 + 1, browser.findElements(By.cssSelector("tr[data-connection-id='" + nightly + "'] .history a"))
                .size(), "the seed's ended jobs of Nightly SpotBugs and the live test's");
        screenshot("connections", WIDE);

        toggle.click();
        wait(ExpectedConditions.attributeToBe(nightlySwitch, "aria-checked", "false"));
        assertTrue(EndToEnd.get(api, TOKEN, "/api/v2/connections/analysis/" + nightly + "/")
                .get("schedule_paused").asBoolean());
        browser.findElement(nightlySwitch).click();
        wait(ExpectedConditions.attributeToBe(nightlySwitch, "aria-checked", "true"));
    }

    @Test
    @Order(7)
    void everyPageFitsAPhoneWithoutSidewaysScrolling() throws Exception {
        browser.manage().window().setSize(new Dimension(PHONE, 844));
        wait(driver -> ((Number) script("return window.innerWidth")).intValue() == PHONE);
        for (String page : List.of("/ui/", "/ui/jobs.html", "/ui/connections.html",
                "/ui/job.html?kind=analysis&id=" + EndToEnd.get(api, TOKEN, "/ui/api/jobs?limit=1")
                        .get("results").get(0).get("id").asText(), "/ui/signin.html")) {
            browser.get(api.baseUrl() + page);
            wait(driver -> "complete".equals(script("return document.readyState")));
            wait(driver -> !driver.findElements(By.cssSelector("main h1")).isEmpty());
            long overflow = ((Number) script("return document.documentElement.scrollWidth - window.innerWidth"))
                    .longValue();
            assertEquals(0, overflow, page + " scrolls sideways at " + PHONE + " px");
        }
        browser.get(api.baseUrl() + "/ui/");
        wait(ExpectedConditions.attributeToBe(By.id("live-state"), "data-state", "live"));
        wait(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#stream tr[data-job-id]")));
        screenshot("live-phone", PHONE);
        browser.manage().window().setSize(new Dimension(WIDE, 900));
    }

    @Test
    @Order(8)
    void noPageBrokeItsContentSecurityPolicyOrThrew() {
        List<String> problems = browser.manage().logs().get("browser").getAll().stream()
                .map(entry -> entry.getLevel() + " " + entry.getMessage())
                .filter(line -> line.contains("Content Security Policy") || line.contains("Uncaught"))
                .toList();
        assertEquals(List.of(), problems);
    }

    /** The whole page, beyond the viewport (Chromium's own capture, through the driver). */
    private static void screenshot(String name, int width) throws Exception {
        long height = Math.min(((Number) script("return document.documentElement.scrollHeight")).longValue(), 2400);
        Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        Files.write(screenshots.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
    }

    private static void type(String id, String text) {
        browser.findElement(By.id(id)).sendKeys(text);
    }

    private static Object script(String js) {
        return ((JavascriptExecutor) browser).executeScript(js);
    }

    private static <T> T wait(java.util.function.Function<? super org.openqa.selenium.WebDriver, T> condition) {
        // The pages replace elements as jobs move (a badge, a connection's row): an element read as it goes is read again.
        return new WebDriverWait(browser, WAIT, Duration.ofMillis(100)).ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    private static long connection(long project, long connector, String alias, String frequency,
            Map<String, Object> params) throws Exception {
        return EndToEnd.create(api, TOKEN, "/api/v2/connections/analysis/", Map.of("alias", alias,
                "connector", connector, "project", project, "frequency", frequency, "params", params));
    }

    private static long sync(String token, long connection) throws Exception {
        return EndToEnd.create(api, token, "/api/v2/connections/analysis/" + connection + "/sync/", null);
    }

    private static void patch(String path, Object body) throws Exception {
        var response = EndToEnd.HTTP.send(EndToEnd.request(api, TOKEN, path)
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(EndToEnd.JSON.writeValueAsString(body)))
                .header("Content-Type", "application/json").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() < 300, path + " answered " + response.statusCode() + ": " + response.body());
    }

    private static void awaitCompleted(String token, long job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (EndToEnd.get(api, token, "/api/v2/jobs/analysis/" + job).get("completed").asBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + job + " did not complete");
    }
}
