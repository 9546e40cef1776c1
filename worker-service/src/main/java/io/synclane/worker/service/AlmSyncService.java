package io.synclane.worker.service;

import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.Systems;
import io.synclane.common.domain.TaskStatus;
import io.synclane.worker.config.AlmConfig;
import io.synclane.worker.connector.ConnectorFailure;
import io.synclane.worker.connector.JobLog;
import io.synclane.worker.connector.alm.AlmConnector;
import io.synclane.worker.connector.alm.AlmTracker;
import io.synclane.worker.connector.alm.TrackedIssue;
import io.synclane.worker.service.AlmSyncPlanner.Action;
import io.synclane.worker.service.AlmSyncPlanner.Settings;
import io.synclane.worker.service.ProjectTasks.KnownIssue;
import io.synclane.worker.service.ProjectTasks.SyncState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;

/**
 * The ALM sync engine, the same for every ALM: for each task in scope, exactly one issue, and both sides'
 * statuses in step. Each task's outcome is written as soon as it is known, so a failure later in the run
 * undoes nothing already synced; a task that fails is counted and the others go on.
 */
@ApplicationScoped
public class AlmSyncService {
    /** The counts a run reports in its job's result message. */
    record Counts(int inScope, int created, int updated, int unchanged, int skipped, int failed) {
        String summary(String system) {
            return "%s: %d tasks in scope: %d created, %d updated, %d unchanged, %d skipped, %d failed"
                    .formatted(system, inScope, created, updated, unchanged, skipped, failed);
        }
    }

    private final AlmConfig config;

    public AlmSyncService(AlmConfig config) {
        this.config = config;
    }

    /**
     * @param tasks where the project's tasks are read and each task's outcome written: the database for an
     *              internal worker, the api-service for a remote agent
     */
    public RunOutcome sync(long projectId, Map<String, Object> params, AlmConnector connector, ProjectTasks tasks,
            JobLog log) throws ConnectorFailure {
        Settings settings;
        try {
            settings = AlmSyncPlanner.settings(params);
        } catch (IllegalArgumentException e) {
            throw new ConnectorFailure(e.getMessage());
        }
        AlmTracker tracker = connector.connect(params, log);
        SyncState state = tasks.syncState();
        Map<Long, KnownIssue> issues = state.issues();

        int inScope = 0, created = 0, updated = 0, unchanged = 0, skipped = 0, failed = 0;
        ConnectorFailure lastFailure = null;
        for (AlmTask task : state.tasks()) {
            if (!AlmSyncPlanner.inScope(task, settings)) {
                continue;
            }
            inScope++;
            KnownIssue known = issues.get(task.id());
            try {
                Optional<TrackedIssue> found = tracker.findIssue(task.taskId(), known == null ? null : known.key());
                if (found.isEmpty()) {
                    if (!AlmSyncPlanner.shouldCreate(task, settings)) {
                        skipped++;
                        log.info(task.taskId() + ": no issue, status " + task.status() + " not in sde_statuses_in_scope");
                        continue;
                    }
                    TrackedIssue issue = tracker.createIssue(AlmSyncPlanner.title(task, settings), body(task, projectId));
                    if (task.done()) {
                        issue = tracker.setDone(issue, true);
                    }
                    tasks.remember(task, issue, null);
                    created++;
                    log.info(task.taskId() + ": created issue " + issue.key() + " " + issue.url());
                    continue;
                }
                TrackedIssue issue = found.get();
                Action action = AlmSyncPlanner.reconcile(task, issue, known == null ? null : known.syncedDone(),
                        settings.policy());
                TaskStatus taskStatus = null;
                switch (action) {
                    case CLOSE_ISSUE, REOPEN_ISSUE -> issue = tracker.setDone(issue, action == Action.CLOSE_ISSUE);
                    case TASK_DONE -> taskStatus = TaskStatus.DONE;
                    case TASK_TODO -> taskStatus = TaskStatus.TODO;
                    case NONE -> {
                    }
                }
                tasks.remember(task, issue, taskStatus);
                if (action == Action.NONE) {
                    unchanged++;
                } else {
                    updated++;
                    log.info(task.taskId() + ": " + describe(action, issue));
                }
            } catch (ConnectorFailure e) {
                failed++;
                lastFailure = e;
                log.warn(task.taskId() + ": " + e.getMessage());
            }
        }
        Counts counts = new Counts(inScope, created, updated, unchanged, skipped, failed);
        String summary = counts.summary(Systems.find(ConnectionKind.ALM, connector.system())
                .map(Systems.SystemInfo::shortName).orElse(connector.system()));
        log.info(summary);
        if (failed == 0) {
            return RunOutcome.success(summary);
        }
        // Nothing got through and the cause may pass (server down, rate limit): the whole run is retried.
        boolean retryable = lastFailure.retryable() && created + updated + unchanged == 0;
        return RunOutcome.failure(summary + ". Last failure: " + lastFailure.getMessage(), retryable);
    }

    private String body(AlmTask task, long projectId) {
        return task.text() + "\n\nSecurity requirement " + task.taskId() + " (priority " + task.priority() + ", phase "
                + task.phase() + ") of Synclane project " + projectId + ": " + config.publicUrl()
                + "/api/v2/projects/" + projectId + "/tasks/";
    }

    private static String describe(Action action, TrackedIssue issue) {
        return switch (action) {
            case CLOSE_ISSUE -> "task done, closed issue " + issue.key();
            case REOPEN_ISSUE -> "task to do, reopened issue " + issue.key();
            case TASK_DONE -> "issue " + issue.key() + " done, task marked DONE";
            case TASK_TODO -> "issue " + issue.key() + " open, task marked TODO";
            case NONE -> "unchanged";
        };
    }
}
