package io.synclane.worker.service;

import io.synclane.common.domain.TaskStatus;
import io.synclane.common.domain.VerificationStatus;
import io.synclane.worker.connector.AnalysisReport;
import io.synclane.worker.connector.Finding;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides each task's verdict from an analysis report. Pure: no database, so the rules read as tests.
 *
 * <ul>
 *   <li>A task with a finding on one of its CWEs fails.</li>
 *   <li>Otherwise, a task all of whose CWEs the tool's rules check passes; one only some of whose CWEs are
 *       checked is partial; a task none of whose CWEs are checked (or that has none) is not touched.</li>
 *   <li>{@code replace} (default): the verdict replaces the task's verification status. {@code combine}: merged
 *       with it — unverified takes the verdict, equal stays, any fail stays fail, pass with partial is partial.</li>
 *   <li>{@code task_status_mapping} (e.g. {@code {"pass": "DONE"}}) moves the task status for its new verdict.</li>
 * </ul>
 */
public final class VerificationPlanner {
    private VerificationPlanner() {
    }

    public static ImportPlan plan(List<TaskSnapshot> tasks, AnalysisReport report, ImportBehaviour behaviour,
            Map<VerificationStatus, TaskStatus> statusMapping) {
        List<TaskChange> changes = new ArrayList<>();
        List<TaskVerdict> verdicts = new ArrayList<>();
        Set<Finding> mappedFindings = new HashSet<>();
        int matched = 0;
        int failed = 0;
        int passed = 0;
        int partial = 0;
        int unchanged = 0;
        for (TaskSnapshot task : tasks) {
            List<Finding> hits = report.findings().stream()
                    .filter(f -> f.cwes().stream().anyMatch(task.cwes()::contains)).toList();
            mappedFindings.addAll(hits);
            VerificationStatus verdict = verdict(task, hits, report.coveredCwes());
            if (verdict == null) {
                continue;
            }
            matched++;
            verdicts.add(new TaskVerdict(task.id(), task.taskId(), verdict, hits, task.cwes().stream()
                    .filter(cwe -> !report.coveredCwes().contains(cwe)).collect(Collectors.toSet())));
            switch (verdict) {
                case FAIL -> failed++;
                case PASS -> passed++;
                case PARTIAL -> partial++;
                default -> throw new IllegalStateException("a verdict is never " + verdict);
            }
            VerificationStatus after = behaviour == ImportBehaviour.COMBINE ? combine(task.verification(), verdict)
                    : verdict;
            TaskStatus statusAfter = statusMapping.getOrDefault(after, task.status());
            if (after == task.verification() && statusAfter == task.status()) {
                unchanged++;
            } else {
                changes.add(new TaskChange(task.id(), task.taskId(), task.verification(), after, task.status(),
                        statusAfter));
            }
        }
        int unmapped = (int) report.findings().stream().filter(f -> !mappedFindings.contains(f)).count()
                + report.unmapped();
        return new ImportPlan(report.tool(), changes, report.findings().size() + report.unmapped(), matched, failed,
                passed, partial, unchanged, unmapped, verdicts);
    }

    private static VerificationStatus verdict(TaskSnapshot task, List<Finding> hits, Set<Integer> covered) {
        if (!hits.isEmpty()) {
            return VerificationStatus.FAIL;
        }
        long checked = task.cwes().stream().filter(covered::contains).count();
        if (checked == 0) {
            return null;
        }
        return checked == task.cwes().size() ? VerificationStatus.PASS : VerificationStatus.PARTIAL;
    }

    static VerificationStatus combine(VerificationStatus existing, VerificationStatus verdict) {
        if (existing == VerificationStatus.NONE || existing == verdict) {
            return verdict;
        }
        if (existing == VerificationStatus.FAIL || verdict == VerificationStatus.FAIL) {
            return VerificationStatus.FAIL;
        }
        return VerificationStatus.PARTIAL;
    }

    /**
     * Reads {@code task_status_mapping}, e.g. {@code {"pass": "DONE", "fail": "TODO"}}.
     *
     * @throws IllegalArgumentException naming the param when a key or value is not a known status
     */
    public static Map<VerificationStatus, TaskStatus> parseStatusMapping(Object param) {
        Map<VerificationStatus, TaskStatus> mapping = new EnumMap<>(VerificationStatus.class);
        if (param == null) {
            return mapping;
        }
        if (!(param instanceof Map<?, ?> raw)) {
            throw new IllegalArgumentException("task_status_mapping must be an object such as {\"pass\": \"DONE\"}");
        }
        for (Map.Entry<?, ?> entry : raw.entrySet()) {
            try {
                VerificationStatus verdict = VerificationStatus.fromWire(String.valueOf(entry.getKey()));
                TaskStatus status = TaskStatus.valueOf(String.valueOf(entry.getValue()).trim().toUpperCase(Locale.ROOT));
                mapping.put(verdict, status);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("task_status_mapping: \"" + entry.getKey() + "\": \""
                        + entry.getValue() + "\" is not a verdict (pass, partial, fail) mapped to a status (TODO, DONE, NA)");
            }
        }
        return mapping;
    }
}
