package io.synclane.worker.service;

import io.synclane.common.domain.TaskStatus;
import io.synclane.common.domain.VerificationStatus;
import io.synclane.worker.connector.AnalysisReport;
import io.synclane.worker.connector.ConnectorFailure;
import io.synclane.worker.connector.JobLog;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Applies an analysis report to a project's tasks, the same way for every analysis tool: the verdicts come from
 * {@link VerificationPlanner}; reading the tasks and writing the changes is the {@link ProjectTasks}' (on the
 * database, one locked transaction).
 */
@ApplicationScoped
public class AnalysisImportService {

    public ImportPlan apply(AnalysisReport report, Map<String, Object> params, ProjectTasks tasks, JobLog log)
            throws ConnectorFailure {
        ImportBehaviour behaviour;
        Map<VerificationStatus, TaskStatus> statusMapping;
        try {
            behaviour = ImportBehaviour.parse(params.get("import_behaviour"));
            statusMapping = VerificationPlanner.parseStatusMapping(params.get("task_status_mapping"));
        } catch (IllegalArgumentException e) {
            throw new ConnectorFailure(e.getMessage());
        }
        ImportPlan plan = touchesNoTask(report)
                ? VerificationPlanner.plan(List.of(), report, behaviour, statusMapping)
                : tasks.applyImport(snapshots -> VerificationPlanner.plan(snapshots, report, behaviour, statusMapping));
        for (TaskChange change : plan.changes()) {
            log.info(change.taskId() + ": verification " + change.before().wire() + " -> " + change.after().wire()
                    + (change.statusBefore() != change.statusAfter()
                            ? ", status " + change.statusBefore() + " -> " + change.statusAfter() : ""));
        }
        return plan;
    }

    /**
     * A report with no finding that checks no CWE gives no task a verdict (see {@link VerificationPlanner}): its
     * plan is the same whatever the tasks, so the project's tasks are neither locked nor read.
     */
    static boolean touchesNoTask(AnalysisReport report) {
        return report.findings().isEmpty() && report.coveredCwes().isEmpty();
    }
}
