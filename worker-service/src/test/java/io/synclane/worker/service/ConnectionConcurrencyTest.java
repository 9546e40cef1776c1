package io.synclane.worker.service;

import static io.synclane.worker.testing.WorkerFixtures.awaitEnd;
import static io.synclane.worker.testing.WorkerFixtures.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.synclane.common.domain.Connection;
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
import org.junit.jupiter.api.Test;

/** One connection runs one job at a time, even with free run slots on the worker. */
@QuarkusTest
class ConnectionConcurrencyTest {
    @Inject
    JobLifecycle lifecycle;

    @Test
    void twoJobsOfOneConnectionRunOneAfterTheOther() throws Exception {
        byte[] report = Files.readAllBytes(Path.of("src/test/resources/sarif/spotbugs-4.9.3-findsecbugs-1.14.0.sarif"));
        HttpServer slow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slow.createContext("/report.sarif", exchange -> {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, report.length);
            exchange.getResponseBody().write(report);
            exchange.close();
        });
        slow.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        slow.start();
        try {
            Setup setup = WorkerFixtures.analysisConnection(Map.of("report_url",
                    "http://127.0.0.1:" + slow.getAddress().getPort() + "/report.sarif"), 89);
            List<Long> jobs = QuarkusTransaction.requiringNew().call(() -> {
                Connection connection = Connection.findById(setup.connectionId());
                return List.of(lifecycle.schedule(connection, null, true).id,
                        lifecycle.schedule(connection, null, true).id);
            });

            assertEquals(JobStatus.SUCCESS, awaitEnd(jobs.get(0), Duration.ofSeconds(60)));
            assertEquals(JobStatus.SUCCESS, awaitEnd(jobs.get(1), Duration.ofSeconds(60)));

            JobRun first = read(() -> JobRun.listForJob(jobs.get(0))).get(0);
            JobRun second = read(() -> JobRun.listForJob(jobs.get(1))).get(0);
            JobRun earlier = first.startedAt.isBefore(second.startedAt) ? first : second;
            JobRun later = earlier == first ? second : first;
            assertFalse(later.startedAt.isBefore(earlier.finishedAt),
                    "runs overlapped: " + earlier.startedAt + ".." + earlier.finishedAt + " and " + later.startedAt);
        } finally {
            slow.stop(0);
        }
    }
}
