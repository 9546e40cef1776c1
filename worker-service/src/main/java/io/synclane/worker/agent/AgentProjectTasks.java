package io.synclane.worker.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.synclane.common.domain.TaskStatus;
import io.synclane.common.domain.VerificationStatus;
import io.synclane.worker.connector.alm.TrackedIssue;
import io.synclane.worker.service.AlmTask;
import io.synclane.worker.service.ImportPlan;
import io.synclane.worker.service.ProjectTasks;
import io.synclane.worker.service.TaskChange;
import io.synclane.worker.service.TaskSnapshot;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A remote agent's {@link ProjectTasks}: the tasks of its job's project through {@code GET} and {@code POST
 * /api/v1/jobs/{id}/tasks}; the server keeps the issue mappings of the job's connection and writes each post in one
 * transaction.
 *
 * <p>Unlike the database's, an import here is a read, then a write: no lock spans the two calls. The server runs one
 * job of a connection at a time, so only two connections importing into one project at the same moment could
 * interleave; the later write then wins for the tasks both judged.
 */
public final class AgentProjectTasks implements ProjectTasks {
    private final DciClient client;
    private final long jobId;

    public AgentProjectTasks(DciClient client, long jobId) {
        this.client = client;
        this.jobId = jobId;
    }

    @Override
    public SyncState syncState() {
        List<AlmTask> tasks = new ArrayList<>();
        Map<Long, KnownIssue> issues = new HashMap<>();
        for (JsonNode task : client.tasks(jobId)) {
            AlmTask almTask = new AlmTask(id(task), task.path("task_id").asText(), task.path("title").asText(""),
                    task.path("text").asText(""), task.path("phase").asText(""), task.path("priority").asInt(),
                    status(task), verification(task), strings(task.path("tags")), time(task.path("updated_at")));
            tasks.add(almTask);
            JsonNode issue = task.path("alm_issue");
            if (issue.isObject()) {
                issues.put(almTask.id(), new KnownIssue(issue.path("key").asText(), issue.path("url").asText(""),
                        issue.path("synced_done").asBoolean()));
            }
        }
        return new SyncState(tasks, issues);
    }

    @Override
    public void remember(AlmTask task, TrackedIssue issue, TaskStatus newStatus) {
        Map<String, Object> mapping = new LinkedHashMap<>();
        mapping.put("key", issue.key());
        mapping.put("url", issue.url() == null ? "" : issue.url());
        mapping.put("synced_done", issue.done());
        client.postTasks(jobId, List.of(update(task.id(), newStatus, null, mapping)));
    }

    @Override
    public ImportPlan applyImport(Function<List<TaskSnapshot>, ImportPlan> planner) {
        List<TaskSnapshot> snapshots = new ArrayList<>();
        for (JsonNode task : client.tasks(jobId)) {
            Set<Integer> cwes = new HashSet<>();
            task.path("cwes").forEach(cwe -> cwes.add(cwe.asInt()));
            snapshots.add(new TaskSnapshot(id(task), task.path("task_id").asText(), cwes, verification(task),
                    status(task)));
        }
        ImportPlan plan = planner.apply(snapshots);
        if (!plan.changes().isEmpty()) {
            List<Map<String, Object>> updates = new ArrayList<>();
            for (TaskChange change : plan.changes()) {
                updates.add(update(change.id(), change.statusAfter(), change.after(), null));
            }
            client.postTasks(jobId, updates);
        }
        return plan;
    }

    /** One element of call 4: a null field leaves that part of the task unchanged. */
    private static Map<String, Object> update(long id, TaskStatus status, VerificationStatus verification,
            Map<String, Object> almIssue) {
        Map<String, Object> update = new LinkedHashMap<>();
        update.put("id", String.valueOf(id));
        update.put("status", status == null ? null : status.name());
        update.put("verification_status", verification == null ? null : verification.wire());
        update.put("alm_issue", almIssue);
        return update;
    }

    private static long id(JsonNode task) {
        return Long.parseLong(task.path("id").asText());
    }

    private static TaskStatus status(JsonNode task) {
        return TaskStatus.valueOf(task.path("status").asText("TODO").toUpperCase(Locale.ROOT));
    }

    private static VerificationStatus verification(JsonNode task) {
        return VerificationStatus.fromWire(task.path("verification_status").asText("none"));
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new HashSet<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    /** DCI writes UTC times without an offset ({@code 2026-12-03T07:40:01.123456}); one with an offset is read too. */
    static Instant time(JsonNode node) {
        String text = node.asText("");
        if (text.isEmpty()) {
            return Instant.EPOCH;
        }
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException withOffset) {
            return OffsetDateTime.parse(text).toInstant();
        }
    }
}
