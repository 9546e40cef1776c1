package io.synclane.worker.service;

import io.synclane.common.domain.Task;
import io.synclane.common.domain.TaskStatus;
import io.synclane.common.domain.VerificationStatus;
import io.synclane.worker.connector.AnalysisReport;
import io.synclane.worker.connector.ConnectorFailure;
import io.synclane.worker.connector.JobLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Applies an analysis report to a project's tasks, the same way for every analysis tool: the
 * verdicts come from {@link VerificationPlanner}, the writes happen here in one transaction.
 */
@ApplicationScoped
public class AnalysisImportService {

    @Transactional
    public ImportPlan apply(long projectId, AnalysisReport report, Map<String, Object> params, JobLog log)
            throws ConnectorFailure {
        ImportBehaviour behaviour;
        Map<VerificationStatus, TaskStatus> statusMapping;
        try {
            behaviour = ImportBehaviour.parse(params.get("import_behaviour"));
            statusMapping = VerificationPlanner.parseStatusMapping(params.get("task_status_mapping"));
        } catch (IllegalArgumentException e) {
            throw new ConnectorFailure(e.getMessage());
        }
        // Locked so two imports into one project cannot interleave their read-modify-write.
        List<Task> tasks = Task.find("projectId = ?1 order by id", projectId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
        List<TaskSnapshot> snapshots = tasks.stream()
                .map(t -> new TaskSnapshot(t.id, t.taskId, Arrays.stream(t.cwes).boxed().collect(Collectors.toSet()),
                        t.verificationStatus, t.status))
                .toList();
        ImportPlan plan = VerificationPlanner.plan(snapshots, report, behaviour, statusMapping);
        Map<Long, Task> byId = tasks.stream().collect(Collectors.toMap(t -> t.id, Function.identity()));
        Instant now = Instant.now();
        for (TaskChange change : plan.changes()) {
            Task task = byId.get(change.id());
            task.verificationStatus = change.after();
            task.status = change.statusAfter();
            task.updatedAt = now;
            log.info(change.taskId() + ": verification " + change.before().wire() + " -> " + change.after().wire()
                    + (change.statusBefore() != change.statusAfter()
                            ? ", status " + change.statusBefore() + " -> " + change.statusAfter() : ""));
        }
        return plan;
    }
}
