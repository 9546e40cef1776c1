package io.synclane.worker.service;

import io.synclane.common.domain.TaskStatus;
import io.synclane.worker.connector.alm.TrackedIssue;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One run's reads and writes of its project's tasks: all that the ALM sync and the analysis import need besides
 * their connector. Internal workers go to the database ({@link DatabaseProjectTasks}); a remote agent, which has no
 * database, goes through the api-service's {@code /api/v1} face ({@code io.synclane.worker.agent.AgentProjectTasks}).
 * An instance serves one run, so it already knows the run's project and connection.
 */
public interface ProjectTasks {
    /** What an ALM sync starts from: the project's tasks and, by task row id, the issue this connection knows. */
    record SyncState(List<AlmTask> tasks, Map<Long, KnownIssue> issues) {
        public SyncState {
            tasks = List.copyOf(tasks);
            issues = Map.copyOf(issues);
        }
    }

    /** The issue a connection remembers for a task, and whether both sides were done at the last sync. */
    record KnownIssue(String key, String url, boolean syncedDone) {
    }

    /** The tasks and their known issues, read together before any ALM is asked. */
    SyncState syncState();

    /**
     * Writes what both sides now agree on for one task, at once and on its own (a failure later in the run undoes
     * nothing already synced): the issue mapping, and the task's status when {@code newStatus} is not null.
     */
    void remember(AlmTask task, TrackedIssue issue, TaskStatus newStatus);

    /**
     * An import's read-modify-write: hands {@code planner} the tasks as they are, then writes the changes of the
     * plan it returns, and returns that plan.
     */
    ImportPlan applyImport(Function<List<TaskSnapshot>, ImportPlan> planner);
}
