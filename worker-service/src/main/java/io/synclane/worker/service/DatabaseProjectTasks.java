package io.synclane.worker.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.synclane.common.domain.AlmIssue;
import io.synclane.common.domain.Task;
import io.synclane.common.domain.TaskStatus;
import io.synclane.common.domain.VerificationStatus;
import io.synclane.common.persistence.JdbcTransaction;
import io.synclane.worker.connector.alm.TrackedIssue;
import jakarta.persistence.LockModeType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** An internal worker's {@link ProjectTasks}: the task and {@code alm_issue} rows of one connection's project. */
public final class DatabaseProjectTasks implements ProjectTasks {
    private final DataSource dataSource;
    private final long connectionId;
    private final long projectId;

    public DatabaseProjectTasks(DataSource dataSource, long connectionId, long projectId) {
        this.dataSource = dataSource;
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

    /**
     * One transaction on a pooled connection of its own, by plain JDBC: an import reads a project's tasks and writes
     * back only the changed ones, so entities and a JTA transaction would be bookkeeping only (they were a tenth of
     * a worker's CPU per job). Nothing calls it inside another transaction.
     */
    @Override
    public ImportPlan applyImport(Function<List<TaskSnapshot>, ImportPlan> planner) {
        try {
            return JdbcTransaction.run(dataSource, c -> applyImport(c, planner));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the import into project " + projectId + " could not be written", e);
        }
    }

    private ImportPlan applyImport(Connection c, Function<List<TaskSnapshot>, ImportPlan> planner) throws SQLException {
        List<TaskSnapshot> tasks = new ArrayList<>();
        // Locked so two imports into one project cannot interleave their read-modify-write.
        try (PreparedStatement select = c.prepareStatement("""
                SELECT id, task_id, cwes, verification_status, status FROM task
                WHERE project_id = ? ORDER BY id FOR UPDATE""")) {
            select.setLong(1, projectId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Set<Integer> cwes = new HashSet<>(Arrays.asList((Integer[]) rs.getArray(3).getArray()));
                    tasks.add(new TaskSnapshot(rs.getLong(1), rs.getString(2), cwes,
                            VerificationStatus.fromWire(rs.getString(4)), TaskStatus.valueOf(rs.getString(5))));
                }
            }
        }
        ImportPlan plan = planner.apply(tasks);
        if (!plan.changes().isEmpty()) {
            writeChanges(c, plan.changes());
        }
        return plan;
    }

    private static void writeChanges(Connection c, List<TaskChange> changes) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("""
                UPDATE task SET verification_status = u.verification, status = u.status, updated_at = now()
                FROM unnest(?::bigint[], ?::text[], ?::text[]) AS u (id, verification, status)
                WHERE task.id = u.id""")) {
            update.setArray(1, c.createArrayOf("bigint", changes.stream().map(TaskChange::id).toArray()));
            update.setArray(2, c.createArrayOf("text", changes.stream().map(ch -> ch.after().wire()).toArray()));
            update.setArray(3, c.createArrayOf("text", changes.stream().map(ch -> ch.statusAfter().name()).toArray()));
            update.executeUpdate();
        }
    }

    private static AlmTask almTask(Task task) {
        return new AlmTask(task.id, task.taskId, task.title, task.text, task.phase, task.priority, task.status,
                task.verificationStatus, Set.copyOf(Arrays.asList(task.tags)), task.updatedAt);
    }
}
