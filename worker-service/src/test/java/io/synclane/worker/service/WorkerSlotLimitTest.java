package io.synclane.worker.service;

import static io.synclane.worker.testing.WorkerFixtures.awaitEnd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.job.JobLifecycle;
import io.synclane.worker.config.WorkerConfig;
import io.synclane.worker.testing.WorkerFixtures;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A worker runs at most {@code synclane.worker.max-running-jobs} jobs at once; the rest wait, none is lost. */
@QuarkusTest
class WorkerSlotLimitTest {
    @Inject
    JobLifecycle lifecycle;

    @Inject
    WorkerConfig config;

    @Test
    void moreJobsThanSlotsRunAtMostTheLimitAtOnceAndAllFinish() throws Exception {
        byte[] report = Files.readAllBytes(Path.of("src/test/resources/sarif/spotbugs-4.9.3-findsecbugs-1.14.0.sarif"));
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        HttpServer slow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slow.createContext("/report.sarif", exchange -> {
            mostAtOnce.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
            exchange.sendResponseHeaders(200, report.length);
            exchange.getResponseBody().write(report);
            exchange.close();
        });
        slow.setExecutor(Executors.newCachedThreadPool());
        slow.start();
        try {
            int limit = config.maxRunningJobs();
            Map<String, Object> params = Map.of("report_url",
                    "http://127.0.0.1:" + slow.getAddress().getPort() + "/report.sarif");
            List<Long> jobs = new ArrayList<>();
            for (int i = 0; i < limit + 4; i++) {
                // One connection each: the per-connection limit of one must not be what holds them back.
                jobs.add(WorkerFixtures.schedule(lifecycle, WorkerFixtures.analysisConnection(params, 89).connectionId()));
            }

            for (long job : jobs) {
                assertEquals(JobStatus.SUCCESS, awaitEnd(job, Duration.ofSeconds(60)));
            }
            assertTrue(mostAtOnce.get() <= limit, mostAtOnce.get() + " ran at once with " + limit + " slots");
            assertTrue(mostAtOnce.get() > 1, "jobs of different connections run side by side");
        } finally {
            slow.stop(0);
        }
    }
}
