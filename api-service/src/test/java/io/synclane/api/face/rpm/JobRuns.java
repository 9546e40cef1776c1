package io.synclane.api.face.rpm;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.synclane.api.testing.Accounts.Account;
import io.synclane.api.testing.Fixtures;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.job.JobStore;
import io.synclane.common.job.JobStore.Claim;
import io.synclane.common.job.JobStore.RunEnd;
import io.synclane.common.job.RunnerProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** Job runs made the way workers make them: a sync triggered over /api/v2, then claimed and ended through the job core. */
final class JobRuns {
    private final JobStore store;

    JobRuns(JobStore store) {
        this.store = store;
    }

    /** A run that is still running, by the given process. */
    Claim running(Account account, int connectionId, RunnerProcess process) {
        int job = Fixtures.triggerSync(account, connectionId);
        return QuarkusTransaction.requiringNew().call(() -> store
                .claimForWorker(List.of((long) job), process, Duration.ofMinutes(5), Duration.ofSeconds(5)).get((long) job));
    }

    /** A run that ended with the given status and output. */
    Claim ended(Account account, int connectionId, RunnerProcess process, JobStatus status, String stdout, String stderr) {
        Claim claim = running(account, connectionId, process);
        QuarkusTransaction.requiringNew().run(() -> store.endRuns(List.of(new RunEnd(claim.jobId(), claim.attempt(),
                claim.runId(), status, "ended " + status.wire(), null, status, stdout, stderr,
                "job-" + claim.jobId() + ".log", (stdout + stderr).getBytes(StandardCharsets.UTF_8)))));
        return claim;
    }
}
