package io.synclane.worker.service;

import static io.synclane.worker.testing.WorkerFixtures.awaitEnd;
import static io.synclane.worker.testing.WorkerFixtures.read;
import static io.synclane.worker.testing.WorkerFixtures.schedule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.synclane.common.domain.Job;
import io.synclane.common.domain.JobRun;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.job.JobLifecycle;
import io.synclane.worker.testing.WorkerFixtures;
import io.synclane.worker.testing.WorkerFixtures.Setup;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A failure that may pass on retry (here a 503) is retried with backoff, up to the connection's limit. */
@QuarkusTest
class RetryTest {
    @Inject
    JobLifecycle lifecycle;

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile int failFirst;

    @BeforeEach
    void startReportServer() throws Exception {
        byte[] report = Files.readAllBytes(Path.of("src/test/resources/sarif/spotbugs-4.9.3-findsecbugs-1.14.0.sarif"));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/report.sarif", exchange -> {
            if (requests.incrementAndGet() <= failFirst) {
                exchange.sendResponseHeaders(503, -1);
            } else {
                exchange.sendResponseHeaders(200, report.length);
                exchange.getResponseBody().write(report);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopReportServer() {
        server.stop(0);
    }

    private String reportUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/report.sarif";
    }

    @Test
    void aJobWhoseSourceIsBrieflyDownSucceedsOnALaterAttempt() throws Exception {
        failFirst = 2;
        Setup setup = WorkerFixtures.analysisConnection(Map.of("report_url", reportUrl()), 89);

        long jobId = schedule(lifecycle, setup.connectionId());

        assertEquals(JobStatus.SUCCESS, awaitEnd(jobId, Duration.ofSeconds(60)));
        List<JobRun> runs = read(() -> JobRun.listForJob(jobId));
        assertEquals(List.of(JobStatus.FAILURE, JobStatus.FAILURE, JobStatus.SUCCESS),
                runs.stream().map(r -> r.status).toList());
        assertEquals(3, requests.get());
        assertEquals(3, read(() -> Job.<Job>findById(jobId).attempt));
    }

    @Test
    void afterTheLastAttemptTheJobEndsFailureWithTheReason() throws Exception {
        failFirst = Integer.MAX_VALUE;
        Setup setup = WorkerFixtures.analysisConnection(Map.of("report_url", reportUrl(), "max_attempts", 2), 89);

        long jobId = schedule(lifecycle, setup.connectionId());

        assertEquals(JobStatus.FAILURE, awaitEnd(jobId, Duration.ofSeconds(60)));
        String message = read(() -> Job.<Job>findById(jobId).resultMessage);
        assertTrue(message.startsWith("Gave up after 2 attempts: report_url"), message);
        assertTrue(message.contains("503"), message);
        assertEquals(2, requests.get());
    }
}
