package io.synclane.worker.service;

import io.synclane.common.domain.TaskStatus;
import io.synclane.common.domain.VerificationStatus;
import io.synclane.worker.connector.alm.TrackedIssue;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rules of an ALM sync, without any I/O: which tasks are in scope, how an issue is titled, and what
 * to do when a task and its issue disagree. Written once for every ALM.
 */
public final class AlmSyncPlanner {
    /** Who wins when both sides disagree and there is no earlier sync to tell which one moved. */
    public enum ConflictPolicy {
        /** The ALM side wins (the default of the original integration tools). */
        ALM,
        /** The SD Elements side (the task) wins. */
        SDE,
        /** The side changed last wins. */
        TIMESTAMP
    }

    /** What a sync does to one task that already has an issue. */
    public enum Action {
        NONE, CLOSE_ISSUE, REOPEN_ISSUE, TASK_DONE, TASK_TODO
    }

    /** A connection's sync settings, read from its params with the original tools' defaults. */
    public record Settings(Set<String> phases, int minPriority, Set<VerificationStatus> verification,
            Set<String> tags, Set<TaskStatus> statusesToCreate, ConflictPolicy policy, String titleFormat) {
    }

    private AlmSyncPlanner() {
    }

    /**
     * @throws IllegalArgumentException naming the param whose value is not understood
     */
    public static Settings settings(Map<String, Object> params) {
        int minPriority;
        try {
            minPriority = Integer.parseInt(text(params, "sde_min_priority", "7"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("sde_min_priority must be a number from 1 to 10.");
        }
        Set<VerificationStatus> verification = list(params, "sde_verification_filter").stream()
                .map(value -> parse("sde_verification_filter", value, VerificationStatus::fromWire))
                .collect(Collectors.toSet());
        Set<TaskStatus> statuses = list(params, "sde_statuses_in_scope").stream()
                .map(value -> parse("sde_statuses_in_scope", value, v -> TaskStatus.valueOf(v.toUpperCase(Locale.ROOT))))
                .collect(Collectors.toSet());
        ConflictPolicy policy = parse("conflict_policy", text(params, "conflict_policy", "alm"),
                v -> ConflictPolicy.valueOf(v.toUpperCase(Locale.ROOT)));
        String titleFormat = params.containsKey("title_format") ? text(params, "title_format", null)
                : text(params, "alm_title_format", "$task_id $title");
        return new Settings(list(params, "alm_phases"), minPriority, verification, list(params, "sde_tags_filter"),
                statuses.isEmpty() ? Set.of(TaskStatus.TODO) : statuses, policy,
                titleFormat == null ? "$task_id $title" : titleFormat);
    }

    /** Phase in {@code alm_phases}, priority at least {@code sde_min_priority}, and the filters when given. */
    public static boolean inScope(AlmTask task, Settings settings) {
        return (settings.phases().isEmpty() || settings.phases().contains(task.phase()))
                && task.priority() >= settings.minPriority()
                && (settings.verification().isEmpty() || settings.verification().contains(task.verification()))
                && (settings.tags().isEmpty() || task.tags().stream().anyMatch(settings.tags()::contains));
    }

    /** A task in scope without an issue gets one only when its status is in {@code sde_statuses_in_scope}. */
    public static boolean shouldCreate(AlmTask task, Settings settings) {
        return settings.statusesToCreate().contains(task.status());
    }

    /** {@code $task_id $title} with the task id rendered {@code T21:}, the prefix re-runs find issues by. */
    public static String title(AlmTask task, Settings settings) {
        return settings.titleFormat().replace("$task_id", task.taskId() + ":").replace("$title", task.title()).trim();
    }

    /**
     * What to do about a task and its issue. With an earlier sync on record, the side that moved since
     * wins: a task marked DONE closes its issue, an issue closed in the ALM marks its task DONE, whatever
     * the policy. Only without that record (an issue found by its title, never synced) does
     * {@code conflict_policy} decide.
     *
     * @param syncedDone whether both sides were done at the last sync; null when they were never synced
     */
    public static Action reconcile(AlmTask task, TrackedIssue issue, Boolean syncedDone, ConflictPolicy policy) {
        if (task.done() == issue.done()) {
            return Action.NONE;
        }
        boolean taskWins;
        if (syncedDone != null && task.done() != syncedDone) {
            taskWins = true;
        } else if (syncedDone != null) {
            taskWins = false;
        } else {
            taskWins = switch (policy) {
                case SDE -> true;
                case ALM -> false;
                case TIMESTAMP -> !task.updatedAt().isBefore(issue.updatedAt() == null ? Instant.EPOCH : issue.updatedAt());
            };
        }
        if (taskWins) {
            return task.done() ? Action.CLOSE_ISSUE : Action.REOPEN_ISSUE;
        }
        return issue.done() ? Action.TASK_DONE : Action.TASK_TODO;
    }

    private static String text(Map<String, Object> params, String name, String fallback) {
        Object value = params.get(name);
        return value == null || value.toString().isBlank() ? fallback : value.toString().trim();
    }

    private static Set<String> list(Map<String, Object> params, String name) {
        String value = text(params, name, null);
        return value == null ? Set.of()
                : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    private interface Parser<T> {
        T parse(String value);
    }

    private static <T> T parse(String param, String value, Parser<T> parser) {
        try {
            return parser.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(param + " has an unknown value \"" + value + "\".");
        }
    }
}
