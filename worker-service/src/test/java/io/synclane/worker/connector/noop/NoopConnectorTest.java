package io.synclane.worker.connector.noop;

import static io.synclane.worker.testing.WorkerFixtures.awaitEnd;
import static io.synclane.worker.testing.WorkerFixtures.read;
import static io.synclane.worker.testing.WorkerFixtures.schedule;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.synclane.common.domain.JobRun;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.job.JobLifecycle;
import io.synclane.worker.testing.WorkerFixtures;
import io.synclane.worker.testing.WorkerFixtures.Setup;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A job on a {@code noop} connection goes through the whole worker path and succeeds with one run. */
@QuarkusTest
class NoopConnectorTest {
    @Inject
    JobLifecycle lifecycle;

    @Test
    void aNoopJobSucceedsInOneRun() throws Exception {
        Setup setup = WorkerFixtures.analysisConnection("noop", Map.of(), 89);

        long jobId = schedule(lifecycle, setup.connectionId());

        assertEquals(JobStatus.SUCCESS, awaitEnd(jobId, Duration.ofSeconds(60)));
        List<JobRun> runs = read(() -> JobRun.listForJob(jobId));
        assertEquals(List.of(JobStatus.SUCCESS), runs.stream().map(r -> r.status).toList());
    }
}
