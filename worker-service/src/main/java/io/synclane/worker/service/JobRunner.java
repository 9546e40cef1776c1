package io.synclane.worker.service;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.JobStatus;
import io.synclane.worker.connector.AnalysisConnector;
import io.synclane.worker.connector.AnalysisReport;
import io.synclane.worker.connector.ConnectorFailure;
import io.synclane.worker.connector.Connectors;
import io.synclane.worker.connector.alm.AlmConnector;
import io.synclane.common.job.GroupCommitter;
import io.synclane.common.persistence.DatabaseOutage;
import io.synclane.worker.service.JobCompletionService.Completion;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Runs one claimed job with its connector and records how it ended. A {@link ConnectorFailure} ends the
 * job {@code failure} with its message; anything unexpected ends it {@code error} with a message that
 * names no internals (the worker log has the stack trace, keyed by the run key).
 */
@ApplicationScoped
public class JobRunner {
    private static final Logger LOG = Logger.getLogger(JobRunner.class);
    private static final int MAX_BATCH = 64;

    private final Connectors connectors;
    private final AnalysisImportService imports;
    private final AlmSyncService almSync;
    private final DataSource dataSource;
    /** Runs ending at about the same time are written in one transaction. */
    private final GroupCommitter<Completion, JobStatus> completions;

    public JobRunner(Connectors connectors, AnalysisImportService imports, AlmSyncService almSync,
            JobCompletionService completion, MeterRegistry meters, DataSource dataSource) {
        this.dataSource = dataSource;
        this.connectors = connectors;
        this.imports = imports;
        this.almSync = almSync;
        DistributionSummary batchSizes = DistributionSummary.builder("synclane.completion.batch.size")
                .description("Run ends recorded in one transaction").publishPercentileHistogram()
                .minimumExpectedValue(1.0).maximumExpectedValue((double) MAX_BATCH).register(meters);
        this.completions = new GroupCommitter<>("job-completions", MAX_BATCH, completion::completeAll,
                batchSizes::record);
    }

    public void run(ClaimedJob claim) {
        JobLogBuffer log = new JobLogBuffer();
        long start = System.nanoTime();
        RunOutcome outcome;
        try {
            outcome = execute(claim, log);
        } catch (ConnectorFailure failure) {
            log.warn(failure.getMessage());
            outcome = RunOutcome.failure(failure.getMessage(), failure.retryable());
        } catch (RuntimeException e) {
            if (DatabaseOutage.isCause(e)) {
                // Like a timeout of the tool it talks to: may pass on retry, once the database is back.
                log.warn("database unavailable during the run");
                outcome = RunOutcome.failure("The database was unavailable during the run.", true);
            } else {
                LOG.errorf(e, "job %d run %s failed unexpectedly", claim.jobId(), claim.runKey());
                log.warn("internal error: " + e.getClass().getSimpleName());
                outcome = RunOutcome.error("Internal error (" + e.getClass().getSimpleName()
                        + "); the worker log has the details under run key " + claim.runKey() + ".");
            }
        }
        // One line per run: with the job and request ids of the log context, what an operator greps for.
        LOG.infof("job %d attempt %d ran %s in %.0f ms%s", claim.jobId(), claim.attempt(), outcome.status().wire(),
                (System.nanoTime() - start) / 1e6, outcome.retryable() ? " (retryable)" : "");
        completeWhenDatabaseIsBack(claim, outcome, log);
    }

    /** A run's end waits out a database outage instead of leaving the job to its lease's expiry. */
    private void completeWhenDatabaseIsBack(ClaimedJob claim, RunOutcome outcome, JobLogBuffer log) {
        try {
            DatabaseOutage.retryWhileDown("recording the end of job " + claim.jobId(),
                    () -> completions.submit(new Completion(claim, outcome, log)));
        } catch (InterruptedException e) {
            // Cancelled while its end was being written: the queued write still happens.
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void stop() {
        completions.close();
    }

    private RunOutcome execute(ClaimedJob claim, JobLogBuffer log) throws ConnectorFailure {
        RunTarget target = claim.target();
        if (target == null) {
            throw new ConnectorFailure("The connection was deleted before the job ran.");
        }
        log.info("job " + claim.jobId() + " attempt " + claim.attempt() + ": " + claim.kind().wire() + " with "
                + target.system() + (claim.requestId() == null ? "" : " (request " + claim.requestId() + ")"));
        ProjectTasks tasks = new DatabaseProjectTasks(dataSource, claim.connectionId(), target.projectId());
        if (claim.kind() == ConnectionKind.ANALYSIS) {
            AnalysisConnector connector = connectors.analysis(target.system()).orElseThrow(
                    () -> new ConnectorFailure("No analysis connector for system \"" + target.system() + "\"."));
            AnalysisReport report = connector.fetchReport(target.params(), log);
            ImportPlan plan = imports.apply(report, target.params(), tasks, log);
            log.info(plan.summary());
            return RunOutcome.success(plan.summary());
        }
        AlmConnector connector = connectors.alm(target.system()).orElseThrow(
                () -> new ConnectorFailure("No ALM connector for system \"" + target.system() + "\"."));
        return almSync.sync(target.projectId(), target.params(), connector, tasks, log);
    }
}
