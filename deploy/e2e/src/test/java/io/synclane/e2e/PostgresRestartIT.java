package io.synclane.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synclane.stack.ServiceProcess;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stops in the middle of a burst of syncs and comes back (an embedded server of this test's own, so
 * that it can be stopped): every job accepted over HTTP still runs exactly once to success, none is left
 * scheduled or running, and no outbox row is left unsent. While it is down, both services say they are not ready
 * but stay live, promptly: an orchestrator must stop routing to them, not restart them.
 */
class PostgresRestartIT {
    private static final String TOKEN = "pg-restart-admin-token-0123456789";

    @Test
    void aDatabaseRestartDuringABurstLosesNoJobAndLeavesNoneStuck() throws Exception {
        try (OwnPostgresStack stack = OwnPostgresStack.start("restart", TOKEN)) {
            ImportBurst burst = new ImportBurst(stack.api(), TOKEN, 40);

            int half = burst.size() / 2;
            for (int i = 0; i < half; i++) {
                burst.trigger(i);
            }
            stack.server().stop(); // while the first half is claimed, run and recorded
            long downSince = System.nanoTime();
            for (ServiceProcess service : new ServiceProcess[] {stack.api(), stack.worker()}) {
                awaitStatus(service, "/q/health/ready", 503, Duration.ofSeconds(5));
                awaitStatus(service, "/q/health/live", 200, Duration.ofSeconds(1));
            }
            Thread.sleep(Math.max(0, 3_000 - (System.nanoTime() - downSince) / 1_000_000));
            stack.server().start();
            for (int i = half; i < burst.size(); i++) {
                burst.triggerOnce(i); // the api's pool may need a moment to replace the connections the restart closed
            }

            burst.assertEachJobRanOnce(stack.postgres(), OwnPostgresStack.DATABASE);
        }
    }

    /**
     * Waits (at most 3 s) for the health path to answer the status, each answer within {@code within}: a second for
     * liveness, as a Kubernetes probe waits by default; readiness may take longer to find the database gone.
     */
    private static void awaitStatus(ServiceProcess service, String path, int expected, Duration within)
            throws Exception {
        HttpRequest probe = HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).timeout(within).GET().build();
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        int status;
        do {
            long start = System.nanoTime();
            HttpResponse<String> answer = EndToEnd.HTTP.send(probe, HttpResponse.BodyHandlers.ofString());
            status = answer.statusCode();
            assertTrue(System.nanoTime() - start < within.toNanos(), path + " took over " + within);
            if (status == expected) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        assertEquals(expected, status, service + " " + path + " while PostgreSQL is down");
    }
}
