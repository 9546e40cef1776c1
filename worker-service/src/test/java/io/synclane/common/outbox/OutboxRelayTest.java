package io.synclane.common.outbox;

import static io.synclane.worker.testing.WorkerFixtures.awaitEnd;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.job.JobLifecycle;
import io.synclane.worker.testing.WorkerFixtures;
import io.synclane.worker.testing.WorkerFixtures.Setup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The relay removes what it has published: the outbox holds what is still to go, not the history of every job. */
@QuarkusTest
class OutboxRelayTest {
    @Inject
    JobLifecycle lifecycle;

    @Inject
    EntityManager entityManager;

    private long outboxRows() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("SELECT count(*) FROM outbox").getSingleResult()).longValue());
    }

    private void awaitEmptyOutbox() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (outboxRows() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(outboxRows() + " outbox rows were never removed");
            }
            Thread.sleep(20);
        }
    }

    @Test
    void theOutboxDoesNotGrowWithTheNumberOfJobsOnceTheyAreRelayed() throws Exception {
        List<Setup> connections = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            connections.add(WorkerFixtures.analysisConnection("noop", Map.of()));
        }
        for (int round = 0; round < 2; round++) {
            List<Long> jobs = new ArrayList<>();
            for (Setup setup : connections) {
                jobs.add(WorkerFixtures.schedule(lifecycle, setup.connectionId()));
            }
            for (long job : jobs) {
                // Each wrote four messages: its scheduled event, its request, its running and its success events.
                assertEquals(JobStatus.SUCCESS, awaitEnd(job, Duration.ofSeconds(60)));
            }
            awaitEmptyOutbox();
        }
        assertEquals(0, outboxRows());
    }
}
