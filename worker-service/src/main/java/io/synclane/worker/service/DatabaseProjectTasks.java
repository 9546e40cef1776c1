package io.synclane.worker.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.synclane.common.domain.AlmIssue;
import io.synclane.common.domain.Task;
import io.synclane.common.domain.TaskStatus;
import io.synclane.worker.connector.alm.TrackedIssue;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** An internal worker's {@link ProjectTasks}: the task and {@code alm_issue} rows of one connection's project. */
public final class DatabaseProjectTasks implements ProjectTasks {
    private final long connectionId;
    private final long projectId;

    public DatabaseProjectTasks(long connectionId, long projectId) {
        this.connectionId = connectionId;
        this.projectId = projectId;
    }

    @Override
    public SyncState syncState() {
        // One transaction of its own, so tasks and mappings are one consistent picture.
        return QuarkusTransaction.requiringNew().call(() -> new SyncState(
                Task.listForProject(projectId).stream().map(DatabaseProjectTasks::almTask).toList(),
                AlmIssue.listForConnection(connectionId).stream().collect(Collectors.toMap(i -> i.taskId,
                        i -> new KnownIssue(i.issueKey, i.issueUrl, i.syncedDone)))));
    }

    @Override
    public void remember(AlmTask task, TrackedIssue issue, TaskStatus newStatus) {
        QuarkusTransaction.requiringNew().run(() -> {
            if (newStatus != null) {
                Task row = Task.findById(task.id(), LockModeType.PESSIMISTIC_WRITE);
                if (row != null) {
                    row.status = newStatus;
                    row.updatedAt = Instant.now();
                }
            }
            AlmIssue mapping = AlmIssue.find("connectionId = ?1 and taskId = ?2", connectionId, task.id()).firstResult();
            if (mapping == null) {
                mapping = new AlmIssue();
                mapping.connectionId = connectionId;
                mapping.taskId = task.id();
            }
            mapping.issueKey = issue.key();
            mapping.issueUrl = issue.url() == null ? "" : issue.url();
            mapping.syncedDone = issue.done();
            mapping.syncedAt = Instant.now();
            mapping.persist();
        });
    }

    @Override
    public ImportPlan applyImport(Function<List<TaskSnapshot>, ImportPlan> planner) {
        // Joins the caller's transaction, if any, as the import's @Transactional did.
        return QuarkusTransaction.joiningExisting().call(() -> {
            // Locked so two imports into one project cannot interleave their read-modify-write.
            List<Task> tasks = Task.find("projectId = ?1 order by id", projectId)
                    .withLock(LockModeType.PESSIMISTIC_WRITE).list();
            ImportPlan plan = planner.apply(tasks.stream()
                    .map(t -> new TaskSnapshot(t.id, t.taskId, Arrays.stream(t.cwes).boxed().collect(Collectors.toSet()),
                            t.verificationStatus, t.status))
                    .toList());
            Map<Long, Task> byId = tasks.stream().collect(Collectors.toMap(t -> t.id, Function.identity()));
            Instant now = Instant.now();
            for (TaskChange change : plan.changes()) {
                Task task = byId.get(change.id());
                task.verificationStatus = change.after();
                task.status = change.statusAfter();
                task.updatedAt = now;
            }
            return plan;
        });
    }

    private static AlmTask almTask(Task task) {
        return new AlmTask(task.id, task.taskId, task.title, task.text, task.phase, task.priority, task.status,
                task.verificationStatus, Set.copyOf(Arrays.asList(task.tags)), task.updatedAt);
    }
}
