package io.synclane.common.job;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.synclane.common.domain.JobStatus;
import io.synclane.worker.testing.WorkerFixtures;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The job metrics on {@code /q/metrics}, as Prometheus reads them: a job that runs to success counts once as
 * created, started by a worker and ended {@code success}, with its run duration and start latency observed and
 * the claim and completion batches measured; the outbox and scheduler gauges are served.
 */
@QuarkusTest
class JobMetricsTest {
    @Inject
    JobLifecycle lifecycle;

    @Test
    void aJobRunToSuccessIsCountedOnceAtEachStep() throws Exception {
        String created = "synclane_jobs_created_total{kind=\"analysis\",system=\"noop\"}";
        String started = "synclane_jobs_started_total{kind=\"analysis\",runner=\"worker\",system=\"noop\"}";
        String ended = "synclane_jobs_ended_total{kind=\"analysis\",status=\"success\",system=\"noop\"}";
        String durations = "synclane_job_run_duration_seconds_count{kind=\"analysis\",system=\"noop\"}";
        String latencies = "synclane_job_start_latency_seconds_count{kind=\"analysis\",system=\"noop\"}";
        String metrics = scrape();
        double[] before = {value(metrics, created), value(metrics, started), value(metrics, ended),
                value(metrics, durations), value(metrics, latencies)};

        long job = WorkerFixtures.schedule(lifecycle, WorkerFixtures.analysisConnection("noop", Map.of()).connectionId());
        assertEquals(JobStatus.SUCCESS, WorkerFixtures.awaitEnd(job, Duration.ofSeconds(60)));

        metrics = scrape();
        assertEquals(before[0] + 1, value(metrics, created), created);
        assertEquals(before[1] + 1, value(metrics, started), started);
        assertEquals(before[2] + 1, value(metrics, ended), ended);
        assertEquals(before[3] + 1, value(metrics, durations), durations);
        assertEquals(before[4] + 1, value(metrics, latencies), latencies);
        assertTrue(value(metrics, "synclane_claim_batch_size_count") >= 1);
        assertTrue(value(metrics, "synclane_completion_batch_size_count") >= 1);
        assertTrue(metrics.contains("synclane_job_run_duration_seconds_bucket{"), "a histogram, for percentiles");
        for (String gauge : new String[] {"synclane_outbox_waiting ", "synclane_outbox_oldest_waiting_seconds ",
                "synclane_outbox_dead_letters_stored ", "synclane_scheduler_lag_seconds ",
                "synclane_outbox_published_total ", "synclane_job_requests_dead_lettered_total "}) {
            assertTrue(metrics.contains("\n" + gauge), gauge + " served");
        }
    }

    /** The dashboard and the alerts read only series the services serve (no panel over a metric that is not). */
    @Test
    void everySeriesTheDashboardAndAlertsReadIsServed() throws Exception {
        long job = WorkerFixtures.schedule(lifecycle, WorkerFixtures.analysisConnection("noop", Map.of()).connectionId());
        assertEquals(JobStatus.SUCCESS, WorkerFixtures.awaitEnd(job, Duration.ofSeconds(60)));
        String metrics = scrape();
        java.util.Set<String> read = new java.util.TreeSet<>();
        for (String file : new String[] {"prometheus-alerts.yml", "grafana-dashboard.json"}) {
            Matcher names = Pattern.compile("\\b((?:synclane|kafka)_[a-z_]+)")
                    .matcher(java.nio.file.Files.readString(java.nio.file.Path.of("../deploy/monitoring", file)));
            while (names.find()) {
                read.add(names.group(1).replaceAll("_(bucket|sum|count)$", ""));
            }
        }
        assertTrue(read.size() >= 10, "the files were read: " + read);
        read.remove("synclane_remote_agents_seen"); // api-service's, checked by its DciAuthenticationTest
        for (String series : read) {
            assertTrue(Pattern.compile("(?m)^" + series + "(_bucket|_sum|_count)?[{ ]").matcher(metrics).find(),
                    series + " is read by deploy/monitoring but not served");
        }
    }

    private static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** A sample's value, 0 when the series has not appeared yet. */
    private static double value(String metrics, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + "(?:\\{[^}]*\\})? ([0-9.eE+-]+)$")
                .matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
