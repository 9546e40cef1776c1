package io.synclane.worker.notification;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.given;
import static io.synclane.worker.testing.WorkerFixtures.awaitEnd;
import static io.synclane.worker.testing.WorkerFixtures.read;
import static io.synclane.worker.testing.WorkerFixtures.schedule;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.synclane.common.domain.Connection;
import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.Connector;
import io.synclane.common.domain.Job;
import io.synclane.common.domain.JobRun;
import io.synclane.common.domain.JobState;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.domain.Webhook;
import io.synclane.common.job.JobLifecycle;
import io.synclane.common.notification.WebhookSecrets;
import io.synclane.common.notification.WebhookSignature;
import io.synclane.worker.config.AlmConfig;
import io.synclane.worker.config.NotificationConfig;
import io.synclane.worker.notification.NotificationStore.ClaimedAttempt;
import io.synclane.worker.service.WorkerIdentity;
import io.synclane.worker.testing.WorkerFixtures;
import io.synclane.worker.testing.WorkerFixtures.Setup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Job-end notifications end to end in a worker: a job ends, its end is read from {@code job-events}, and a signed
 * POST reaches a WireMock receiver over HTTPS (its certificate, made for {@code localhost} only, is in the test
 * profile's trust store: {@code src/test/resources/notifications}, made with keytool, valid for a century; the test
 * profile also allows loopback targets). Retries, give-ups, filters, the job left alone and the guard at send time.
 */
@QuarkusTest
class NotificationDispatcherTest {
    private static final String KEY = "test-notifications-key-8e61d2b4";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger PATHS = new AtomicInteger();
    private static WireMockServer receiver;

    @Inject
    JobLifecycle lifecycle;
    @Inject
    NotificationStore store;
    @Inject
    WebhookSender sender;
    @Inject
    NotificationConfig config;
    @Inject
    AlmConfig alm;
    @Inject
    WorkerIdentity identity;
    @Inject
    EntityManager entityManager;

    @BeforeAll
    static void startReceiver() {
        receiver = new WireMockServer(options().httpDisabled(true).httpsPort(0)
                .keystorePath("src/test/resources/notifications/receiver.p12").keystoreType("PKCS12")
                .keystorePassword("changeit").keyManagerPassword("changeit"));
        receiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop();
    }

    @BeforeEach
    void answerOk() {
        receiver.resetAll();
        receiver.stubFor(post(urlPathMatching("/hooks/.*")).willReturn(aResponse().withStatus(204)));
    }

    /** A webhook of the team, made as api-service makes it; its path is its own, so requests tell webhooks apart. */
    private record Hook(long id, String path, String secret) {
    }

    private static Hook webhook(long teamId, String host, List<String> statuses, long[] connections, boolean active) {
        String path = "/hooks/" + PATHS.incrementAndGet();
        return QuarkusTransaction.requiringNew().call(() -> {
            Webhook webhook = new Webhook();
            webhook.teamId = teamId;
            webhook.url = "https://" + host + ":" + receiver.httpsPort() + path + "?team=" + teamId;
            webhook.statuses = statuses.toArray(String[]::new);
            webhook.connectionIds = connections;
            webhook.active = active;
            webhook.secretNonce = WebhookSecrets.newNonce();
            webhook.createdAt = Instant.now().minusSeconds(1);
            webhook.persistAndFlush();
            return new Hook(webhook.id, path, WebhookSecrets.secret(KEY, webhook.id, webhook.secretNonce));
        });
    }

    private static Hook webhook(long teamId, List<String> statuses, long... connections) {
        return webhook(teamId, "localhost", statuses, connections, true);
    }

    private static List<LoggedRequest> received(Hook hook) {
        return receiver.findAll(postRequestedFor(urlPathMatching(hook.path())));
    }

    private static List<JobRun> notifications(long jobId) {
        return read(() -> JobRun.listNotificationsForJob(jobId));
    }

    private static List<String> states(long jobId) {
        return read(() -> JobState.listForJob(jobId).stream().map(s -> s.status.wire()).toList());
    }

    @Test
    void aJobThatEndsSendsOneSignedPostOfItsSummary() throws Exception {
        Setup setup = WorkerFixtures.analysisConnection("noop", Map.of());
        Hook hook = webhook(setup.teamId(), List.of("success", "failure", "error", "killed"));
        double deliveredBefore = delivered();

        long job = schedule(lifecycle, setup.connectionId());
        assertEquals(JobStatus.SUCCESS, awaitEnd(job, Duration.ofSeconds(30)));
        await().atMost(Duration.ofSeconds(20)).until(() -> notifications(job).stream().anyMatch(r -> r.finishedAt != null));

        List<LoggedRequest> requests = received(hook);
        assertEquals(1, requests.size());
        LoggedRequest request = requests.get(0);
        byte[] body = request.getBody();
        assertTrue(WebhookSignature.verify(hook.secret(), request.getHeader("X-Synclane-Signature"), body,
                Instant.now().getEpochSecond(), Duration.ofMinutes(5)), "signed with the webhook's secret, just now");
        assertEquals("application/json", request.getHeader("Content-Type"));
        assertEquals("Synclane-Webhooks/1", request.getHeader("User-Agent"));
        assertEquals("job.ended", request.getHeader("X-Synclane-Event"));
        assertEquals("team=" + setup.teamId(), request.getUrl().substring(request.getUrl().indexOf('?') + 1));
        JsonNode payload = JSON.readTree(body);
        assertEquals("job.ended", payload.get("event").asText());
        assertEquals(request.getHeader("X-Synclane-Delivery"), payload.get("delivery").asText());
        assertEquals(setup.teamId(), payload.get("team_id").asLong());
        JsonNode summary = payload.get("job");
        assertEquals(job, summary.get("id").asLong());
        assertEquals("analysis", summary.get("kind").asText());
        assertEquals("success", summary.get("status").asText());
        assertTrue(summary.get("succeeded").asBoolean());
        Job ended = read(() -> Job.<Job>findById(job));
        assertEquals(ended.resultMessage, summary.get("result_message").asText());
        assertEquals(ended.finishedAt.toEpochMilli(), Instant.parse(summary.get("finished").asText()).toEpochMilli());
        assertEquals(setup.connectionId(), summary.get("connection").get("id").asLong());
        assertEquals("import", summary.get("connection").get("alias").asText());
        assertEquals("noop", summary.get("connection").get("system").asText());
        assertEquals("import_noop", summary.get("connection").get("command").asText());
        assertEquals(setup.projectId(), summary.get("project").get("id").asLong());
        assertEquals("project", summary.get("project").get("name").asText());
        assertEquals(alm.publicUrl() + "/api/v2/jobs/analysis/" + job + "/", summary.get("url").asText());

        JobRun run = notifications(job).get(0);
        assertEquals(JobStatus.SUCCESS, run.status);
        assertEquals("notification", run.jobType);
        assertEquals(identity.process().pid(), run.processId);
        assertTrue(run.stdout.startsWith("POST https://localhost:" + receiver.httpsPort() + "/\u2026 \u2192 204 in "),
                run.stdout);
        assertFalse(run.stdout.contains("team=") || run.stdout.contains(hook.secret()), "the URL's path and query"
                + " and the secret stay out of a run every member reads: " + run.stdout);
        assertEquals(List.of(JobStatus.SUCCESS), read(() -> JobRun.listForJob(job)).stream().map(r -> r.status).toList(),
                "the job's own runs are its attempt alone");
        assertEquals(deliveredBefore + 1, delivered());

        // The end read again (at-least-once) makes no second delivery.
        assertEquals(0, store.createDeliveries(List.of(job)));
        Thread.sleep(300);
        assertEquals(1, received(hook).size());
    }

    @Test
    void a500ThenA200IsRetriedWithBackoffAndTheJobStaysAsItEnded() throws Exception {
        Setup setup = WorkerFixtures.analysisConnection("noop", Map.of());
        Hook hook = webhook(setup.teamId(), List.of("success"));
        receiver.stubFor(post(urlPathMatching(hook.path())).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withBody("database down\u0000")).willSetStateTo("recovered"));
        receiver.stubFor(post(urlPathMatching(hook.path())).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200)));

        long job = schedule(lifecycle, setup.connectionId());
        assertEquals(JobStatus.SUCCESS, awaitEnd(job, Duration.ofSeconds(30)));
        List<String> statesAtEnd = states(job);
        await().atMost(Duration.ofSeconds(20)).until(() -> notifications(job).stream()
                .anyMatch(r -> r.status == JobStatus.SUCCESS));

        List<LoggedRequest> requests = received(hook);
        assertEquals(2, requests.size());
        assertEquals(requests.get(0).getHeader("X-Synclane-Delivery"), requests.get(1).getHeader("X-Synclane-Delivery"),
                "one delivery id across retries, for receivers to drop repeats");
        long gap = requests.get(1).getLoggedDate().getTime() - requests.get(0).getLoggedDate().getTime();
        assertTrue(gap >= 150, "backed off (300 ms, jittered over its upper half) before retrying: " + gap + " ms");
        List<JobRun> runs = notifications(job);
        assertEquals(List.of(JobStatus.ERROR, JobStatus.SUCCESS), runs.stream().map(r -> r.status).toList());
        assertEquals(List.of(1, 2), runs.stream().map(r -> r.attempt).toList());
        assertTrue(runs.get(0).stderr.startsWith("HTTP 500: database down?\nretrying in "), runs.get(0).stderr);

        Job ended = read(() -> Job.<Job>findById(job));
        assertEquals(JobStatus.SUCCESS, ended.status);
        assertEquals(1, ended.attempt, "notification attempts are not the job's");
        assertEquals(statesAtEnd, states(job));
        assertEquals(List.of("scheduled", "running", "success"), statesAtEnd);
    }

    @Test
    void aSlowReceiverNeitherDelaysNorChangesTheJobAndIsGivenUpAfterTheLastAttempt() throws Exception {
        Setup setup = WorkerFixtures.analysisConnection("noop", Map.of());
        Hook slow = webhook(setup.teamId(), List.of("success"));
        receiver.stubFor(post(urlPathMatching(slow.path())).willReturn(aResponse().withStatus(200).withFixedDelay(2_500)));
        Hook gone = webhook(setup.teamId(), List.of("success"));
        receiver.stubFor(post(urlPathMatching(gone.path())).willReturn(aResponse().withStatus(410).withBody("gone")));

        long job = schedule(lifecycle, setup.connectionId());
        assertEquals(JobStatus.SUCCESS, awaitEnd(job, Duration.ofSeconds(30)));

        // 3 attempts (the test profile's max), each cut at the 1 s read timeout.
        await().atMost(Duration.ofSeconds(20)).until(() -> notifications(job).stream()
                .filter(r -> r.finishedAt != null).count() == 4);
        List<JobRun> runs = notifications(job);
        List<JobRun> slowRuns = runs.stream().filter(r -> r.status == JobStatus.ERROR).toList();
        assertEquals(3, slowRuns.size());
        assertTrue(slowRuns.get(2).stderr.startsWith("Gave up after 3 attempts: no answer in time"),
                slowRuns.get(2).stderr);
        JobRun refused = runs.stream().filter(r -> r.status == JobStatus.FAILURE).findFirst().orElseThrow();
        assertTrue(refused.stderr.startsWith("HTTP 410: gone"), refused.stderr);
        assertEquals(1, received(gone).size(), "a 4xx is not retried");
        assertEquals(List.of("failed", "failed"), deliveryStates(job));

        Job ended = read(() -> Job.<Job>findById(job));
        assertEquals(JobStatus.SUCCESS, ended.status);
        assertEquals(List.of("scheduled", "running", "success"), states(job));
        assertTrue(runs.stream().allMatch(r -> r.startedAt.isAfter(ended.finishedAt)), "every notification followed the end");
    }

    @Test
    void onlyTheStatusesAndConnectionsAWebhookNamesNotifyIt() throws Exception {
        Setup setup = WorkerFixtures.analysisConnection("noop", Map.of());
        long failing = QuarkusTransaction.requiringNew().call(() -> {
            Connector sarif = new Connector();
            sarif.teamId = setup.teamId();
            sarif.kind = ConnectionKind.ANALYSIS;
            sarif.name = "sarif";
            sarif.system = "sarif";
            sarif.persist();
            Connection broken = new Connection();
            broken.teamId = setup.teamId();
            broken.projectId = setup.projectId();
            broken.connector = sarif;
            broken.kind = ConnectionKind.ANALYSIS;
            broken.alias = "broken";
            broken.params = new HashMap<>(Map.of("report_path", "../../../pom.xml")); // outside the reports: failure
            broken.persist();
            return broken.id;
        });
        Hook failures = webhook(setup.teamId(), List.of("failure"));
        Hook firstOnly = webhook(setup.teamId(), List.of("success", "failure"), setup.connectionId());
        Hook secondSuccesses = webhook(setup.teamId(), List.of("success"), failing);
        Hook inactive = webhook(setup.teamId(), "localhost", List.of("success", "failure"), new long[0], false);
        Hook otherTeam = webhook(WorkerFixtures.analysisConnection("noop", Map.of()).teamId(), List.of("success", "failure"));

        long succeeded = schedule(lifecycle, setup.connectionId());
        assertEquals(JobStatus.SUCCESS, awaitEnd(succeeded, Duration.ofSeconds(30)));
        long failed = schedule(lifecycle, failing);
        assertEquals(JobStatus.FAILURE, awaitEnd(failed, Duration.ofSeconds(30)));
        await().atMost(Duration.ofSeconds(20)).until(() -> received(failures).size() == 1 && received(firstOnly).size() == 1);

        assertEquals(failed, jobOf(received(failures).get(0)));
        assertEquals(succeeded, jobOf(received(firstOnly).get(0)));
        // Every delivery of a job is made in the one statement that read its end: none was made for these.
        assertEquals(List.of(), received(secondSuccesses));
        assertEquals(List.of(), received(inactive));
        assertEquals(List.of(), received(otherTeam));
        assertEquals(1, deliveryStates(succeeded).size());
        assertEquals(1, deliveryStates(failed).size());
    }

    @Test
    void aTargetIsCheckedAgainAtSendTimeAndItsCertificateForItsOwnName() throws Exception {
        // The guard as an operator leaves it (no private targets), on an attempt this test claims itself.
        NotificationConfig strict = (NotificationConfig) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {NotificationConfig.class}, (proxy, method, args) -> method.getName()
                        .equals("allowPrivateTargets") ? false : method.invoke(config, args));
        NotificationDispatcher guarded = new NotificationDispatcher(store, sender, strict, alm, identity,
                new SimpleMeterRegistry());
        Setup setup = WorkerFixtures.analysisConnection("noop", Map.of());
        // Inactive while its job ends, so the application's own dispatcher never sends it: this test does.
        Hook hook = webhook(setup.teamId(), "localhost", List.of("success"), new long[0], false);
        long job = schedule(lifecycle, setup.connectionId());
        assertEquals(JobStatus.SUCCESS, awaitEnd(job, Duration.ofSeconds(30)));
        ClaimedAttempt attempt = QuarkusTransaction.requiringNew().call(() -> {
            entityManager.createNativeQuery("INSERT INTO notification_delivery (webhook_id, job_id, event_status)"
                    + " VALUES (?1, ?2, 'success') ON CONFLICT DO NOTHING").setParameter(1, hook.id())
                    .setParameter(2, job).executeUpdate();
            Webhook.<Webhook>findById(hook.id()).active = true;
            entityManager.flush();
            return store.claimDue(100, 3, Duration.ofMinutes(5), identity.process()).stream()
                    .filter(a -> a.webhookId() == hook.id()).findFirst().orElseThrow();
        });
        guarded.deliver(attempt);
        JobRun run = notifications(job).stream().filter(r -> r.id == attempt.runId()).findFirst().orElseThrow();
        assertEquals(JobStatus.FAILURE, run.status);
        assertTrue(run.stderr.contains("resolves to 127.0.0.1, a loopback address"), run.stderr);
        assertEquals(List.of(), received(hook));
        assertEquals(List.of("failed"), deliveryStates(job), "a refused target is not tried again");
        QuarkusTransaction.requiringNew().run(() -> Webhook.<Webhook>findById(hook.id()).active = false);

        // Connecting by address, the certificate is still checked for the URL's host: this one is localhost's only.
        Hook byAddress = webhook(setup.teamId(), "127.0.0.1", List.of("success"), new long[0], true);
        long second = schedule(lifecycle, setup.connectionId());
        assertEquals(JobStatus.SUCCESS, awaitEnd(second, Duration.ofSeconds(30)));
        await().atMost(Duration.ofSeconds(20)).until(() -> notifications(second).stream()
                .anyMatch(r -> r.finishedAt != null));
        JobRun tls = notifications(second).get(0);
        assertEquals(JobStatus.ERROR, tls.status);
        assertTrue(tls.stderr.startsWith("TLS handshake failed"), tls.stderr);
        assertEquals(List.of(), received(byAddress));
    }

    private static long jobOf(LoggedRequest request) throws Exception {
        return JSON.readTree(request.getBody()).get("job").get("id").asLong();
    }

    private List<String> deliveryStates(long jobId) {
        return read(() -> entityManager.createNativeQuery(
                "SELECT state FROM notification_delivery WHERE job_id = ?1 ORDER BY id", String.class)
                .setParameter(1, jobId).getResultList()).stream().map(String::valueOf).toList();
    }

    private static double delivered() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile(
                "(?m)^synclane_notifications_delivered_total\\{outcome=\"delivered\"\\} ([0-9.eE+-]+)$").matcher(metrics);
        assertTrue(matcher.find(), "the counter is served before any delivery");
        return Double.parseDouble(matcher.group(1));
    }
}
