package io.synclane.worker.service;

import java.util.List;

/**
 * What an import does to a project's tasks, and the counts its result message reports.
 *
 * @param matched          tasks the report gave a verdict
 * @param unchanged        matched tasks whose verification and status stay as they were
 * @param unmappedFindings findings whose CWEs match no task, plus results that carried no CWE
 * @param verdicts         each matched task's verdict, in the order of the tasks
 */
public record ImportPlan(String tool, List<TaskChange> changes, int findings, int matched, int failed, int passed,
        int partial, int unchanged, int unmappedFindings, List<TaskVerdict> verdicts) {

    public ImportPlan {
        changes = List.copyOf(changes);
        verdicts = List.copyOf(verdicts);
    }

    /** The job's result message, e.g. {@code SpotBugs: 9 findings, 5 tasks matched (2 fail, ...); ...}. */
    public String summary() {
        return "%s: %d findings, %d tasks matched (%d fail, %d pass, %d partial); %d changed, %d unchanged; %d findings mapped to no task"
                .formatted(tool, findings, matched, failed, passed, partial, changes.size(), unchanged, unmappedFindings);
    }
}
