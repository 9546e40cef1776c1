package io.synclane.worker.agent;

import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.JobStatus;
import io.synclane.worker.connector.AnalysisConnector;
import io.synclane.worker.connector.AnalysisReport;
import io.synclane.worker.connector.ConnectorFailure;
import io.synclane.worker.connector.Connectors;
import io.synclane.worker.connector.ReportFile;
import io.synclane.worker.connector.alm.AlmConnector;
import io.synclane.worker.service.AlmSyncService;
import io.synclane.worker.service.AnalysisImportService;
import io.synclane.worker.service.ImportPlan;
import io.synclane.worker.service.JobLogBuffer;
import io.synclane.worker.service.ProjectTasks;
import io.synclane.worker.service.RunOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Runs one job a remote agent was handed, with the same connectors and engines as an internal worker, and reports it
 * over {@code /api/v1}: {@code running}, a {@code running} heartbeat while the connector works (each renews the lease),
 * the run's files (its log; for an import also the report read and the verdicts as JUnit XML), then the end state
 * with the result message as comment.
 *
 * <p>A 409 on any of these posts means the job was cancelled or taken over: the connector's thread is interrupted and
 * nothing more is posted. A {@link ConnectorFailure} ends the job {@code failure} with its message; anything
 * unexpected ends it {@code error} with a message that names no internals (the agent's log has the details).
 */
public final class RemoteJobRunner {
    private static final Logger LOG = Logger.getLogger(RemoteJobRunner.class);
    /** The api-service refuses larger files (413). */
    static final int MAX_UPLOAD_BYTES = 16 * 1024 * 1024;
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final int END_STATE_ATTEMPTS = 5;

    private final DciClient client;
    private final Connectors connectors;
    private final AnalysisImportService imports;
    private final AlmSyncService almSync;
    private final LocalParams localParams;
    private final Duration heartbeatInterval;
    private final Duration retryMin;
    private final Duration retryMax;

    /** What the connector's thread hands back: how the run ended, and an import's plan. */
    private record Execution(RunOutcome outcome, ImportPlan plan) {
    }

    /**
     * @param retryMin, retryMax the pauses between attempts to post the end state while the api-service is unreachable
     */
    public RemoteJobRunner(DciClient client, Connectors connectors, AnalysisImportService imports,
            AlmSyncService almSync, LocalParams localParams, Duration heartbeatInterval, Duration retryMin,
            Duration retryMax) {
        this.client = client;
        this.connectors = connectors;
        this.imports = imports;
        this.almSync = almSync;
        this.localParams = localParams;
        this.heartbeatInterval = heartbeatInterval;
        this.retryMin = retryMin;
        this.retryMax = retryMax;
    }

    /** Runs the job to its end state, or until it is no longer this agent's; an interrupt stops it as {@code error}. */
    public void run(AssignedJob job) {
        try {
            client.postJobState(job.id(), JobStatus.RUNNING, "Remote agent " + client.agentId() + " started the run.");
        } catch (JobNoLongerOurs e) {
            LOG.infof("job %d was no longer this agent's before it started; not running it", job.id());
            return;
        } catch (DciCallFailed e) {
            // Left pre-run: the server's lease on it expires and the job goes on without this agent.
            LOG.warnf("job %d: could not report it running (%s); not running it", job.id(), e.getMessage());
            return;
        }
        LOG.infof("job %d: %s with %s (job definition %s) started", job.id(), job.kind().wire(), job.system(),
                job.jobDefinitionId());
        JobLogBuffer log = new JobLogBuffer();
        log.info("job " + job.id() + ": " + job.kind().wire() + " with " + job.system() + " on remote agent "
                + client.agentId());
        AtomicReference<ReportFile> report = new AtomicReference<>();
        long started = System.nanoTime();
        FutureTask<Execution> task = new FutureTask<>(() -> execute(job, log, report::set));
        Thread connectorThread = new Thread(task, "agent-job-" + job.id());
        connectorThread.setDaemon(true);
        connectorThread.start();

        Execution execution = awaitWithHeartbeats(job, task, connectorThread, log);
        if (execution == null) {
            return;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        RunOutcome outcome = execution.outcome();
        log.info("ended " + outcome.status().wire() + ": " + outcome.message());
        try {
            if (job.kind() == ConnectionKind.ANALYSIS) {
                uploadReport(job, report.get(), log);
                if (execution.plan() != null) {
                    upload(job, "import-results.xml", JUnitReport.MIME,
                            JUnitReport.write(execution.plan(), took).getBytes(StandardCharsets.UTF_8), log, true);
                }
            }
            upload(job, "job-" + job.id() + ".log", "text/plain",
                    localParams.redact(log.combined()).getBytes(StandardCharsets.UTF_8), log, false);
            postEnd(job, outcome);
        } catch (JobNoLongerOurs e) {
            LOG.infof("job %d is no longer this agent's (%s); nothing more posted", job.id(), e.getMessage());
        }
    }

    /** The connector's work, on its own thread so this one can keep the lease and listen for a 409. */
    private Execution execute(AssignedJob job, JobLogBuffer log, Consumer<ReportFile> keepReport) {
        // The agent's own params win; they go to the connector only, never back to Synclane.
        Map<String, Object> params = localParams.overlay(job.params(), job.jobDefinitionId());
        ProjectTasks tasks = new AgentProjectTasks(client, job.id());
        try {
            if (job.kind() == ConnectionKind.ANALYSIS) {
                AnalysisConnector connector = connectors.analysis(job.system()).orElseThrow(
                        () -> new ConnectorFailure("No analysis connector for system \"" + job.system() + "\"."));
                AnalysisReport report = connector.fetchReport(params, log, keepReport);
                ImportPlan plan = imports.apply(report, params, tasks, log);
                log.info(plan.summary());
                return new Execution(RunOutcome.success(plan.summary()), plan);
            }
            AlmConnector connector = connectors.alm(job.system()).orElseThrow(
                    () -> new ConnectorFailure("No ALM connector for system \"" + job.system() + "\"."));
            return new Execution(almSync.sync(job.projectId(), params, connector, tasks, log), null);
        } catch (ConnectorFailure failure) {
            log.warn(failure.getMessage());
            return new Execution(RunOutcome.failure(failure.getMessage(), failure.retryable()), null);
        } catch (JobNoLongerOurs lost) {
            throw lost;
        } catch (DciCallFailed e) {
            LOG.warnf("job %d: %s", job.id(), localParams.redact(e.getMessage()));
            log.warn("Synclane's task API failed: " + (e.status() == 0 ? "no answer" : "HTTP " + e.status()));
            return new Execution(RunOutcome.error("The remote agent could not read or write the project's tasks on "
                    + "Synclane (" + (e.status() == 0 ? "no answer" : "HTTP " + e.status()) + ")."), null);
        } catch (RuntimeException e) {
            LOG.errorf(redacted(e), "job %d failed unexpectedly", job.id());
            log.warn("internal error in the remote agent");
            return new Execution(RunOutcome.error("The remote agent failed unexpectedly; its log has the details (job "
                    + job.id() + ")."), null);
        }
    }

    /**
     * Waits for the connector, posting {@code running} every heartbeat interval. Null when the run must stop without
     * another post: the job is no longer ours (409), or this agent is stopping (then {@code error} is posted first).
     */
    private Execution awaitWithHeartbeats(AssignedJob job, FutureTask<Execution> task, Thread connectorThread,
            JobLogBuffer log) {
        long started = System.nanoTime();
        while (true) {
            try {
                return task.get(heartbeatInterval.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
                try {
                    client.postJobState(job.id(), JobStatus.RUNNING, "Still running after " + seconds + " s.");
                } catch (JobNoLongerOurs lost) {
                    stop(job, task, connectorThread);
                    LOG.infof("job %d is no longer this agent's (%s); its run was stopped", job.id(), lost.getMessage());
                    return null;
                } catch (DciCallFailed failed) {
                    // The lease outlasts a few missed heartbeats; the next one may get through.
                    LOG.warnf("job %d: heartbeat failed: %s", job.id(), failed.getMessage());
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof JobNoLongerOurs lost) {
                    LOG.infof("job %d is no longer this agent's (%s); its run was stopped", job.id(), lost.getMessage());
                    return null;
                }
                // execute() turns every exception into an outcome; an Error is all that can get here.
                LOG.errorf(redacted(e.getCause()), "job %d failed unexpectedly", job.id());
                return new Execution(RunOutcome.error("The remote agent failed unexpectedly; its log has the details (job "
                        + job.id() + ")."), null);
            } catch (InterruptedException e) {
                stop(job, task, connectorThread);
                log.warn("the remote agent was stopped during the run");
                try {
                    client.postJobState(job.id(), JobStatus.ERROR, "The remote agent was stopped during the run.");
                } catch (DciCallFailed failed) {
                    LOG.warnf("job %d: could not report the stop (%s); its lease will expire", job.id(),
                            failed.getMessage());
                }
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /** Interrupts the connector and gives it a little time to let go; one that does not is left to end alone. */
    private static void stop(AssignedJob job, FutureTask<Execution> task, Thread connectorThread) {
        task.cancel(true);
        try {
            connectorThread.join(STOP_GRACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (connectorThread.isAlive()) {
            LOG.warnf("job %d: its connector did not stop within %s of an interrupt; left to end on its own", job.id(),
                    STOP_GRACE);
        }
    }

    private void uploadReport(AssignedJob job, ReportFile report, JobLogBuffer log) {
        if (report == null) {
            log.info("no report file uploaded: the " + job.system() + " connector read none");
        } else if (report.content().length > MAX_UPLOAD_BYTES) {
            log.warn("report not uploaded: " + report.content().length + " bytes, more than the " + MAX_UPLOAD_BYTES
                    + " Synclane accepts");
        } else {
            upload(job, report.name(), report.mime(), report.content(), log, true);
        }
    }

    /** A failed upload is logged and the run goes on to its end state; only a 409 stops it. */
    private void upload(AssignedJob job, String name, String mime, byte[] content, JobLogBuffer log, boolean noted) {
        try {
            client.uploadFile(job.id(), name, mime, content);
            if (noted) {
                log.info("uploaded " + name + " (" + content.length + " bytes)");
            }
        } catch (JobNoLongerOurs lost) {
            throw lost;
        } catch (DciCallFailed e) {
            LOG.warnf("job %d: upload of %s failed: %s", job.id(), name, e.getMessage());
            log.warn("upload of " + name + " failed: " + (e.status() == 0 ? "no answer" : "HTTP " + e.status()));
        }
    }

    /** The end state, tried again while the api-service does not answer (or answers 5xx), a few times. */
    private void postEnd(AssignedJob job, RunOutcome outcome) {
        String comment = localParams.redact(outcome.message());
        PollBackoff pauses = new PollBackoff(retryMin, retryMax, Math::random);
        for (int attempt = 1;; attempt++) {
            try {
                client.postJobState(job.id(), outcome.status(), comment);
                LOG.infof("job %d ended %s: %s", job.id(), outcome.status().wire(), comment);
                return;
            } catch (JobNoLongerOurs lost) {
                throw lost;
            } catch (DciCallFailed e) {
                if (!e.transientFailure() || attempt == END_STATE_ATTEMPTS) {
                    LOG.errorf("job %d: could not post its end state %s (%s); its lease will expire", job.id(),
                            outcome.status().wire(), e.getMessage());
                    return;
                }
                try {
                    Thread.sleep(pauses.next().toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The exception as the agent's log may show it: its stack, its message with local param values blanked. */
    private Throwable redacted(Throwable e) {
        RuntimeException shown = new RuntimeException(localParams.redact(String.valueOf(e)));
        shown.setStackTrace(e.getStackTrace());
        return shown;
    }
}
