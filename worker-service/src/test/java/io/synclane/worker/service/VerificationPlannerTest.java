package io.synclane.worker.service;

import static io.synclane.common.domain.VerificationStatus.FAIL;
import static io.synclane.common.domain.VerificationStatus.NONE;
import static io.synclane.common.domain.VerificationStatus.PARTIAL;
import static io.synclane.common.domain.VerificationStatus.PASS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synclane.common.domain.TaskStatus;
import io.synclane.common.domain.VerificationStatus;
import io.synclane.worker.connector.AnalysisReport;
import io.synclane.worker.connector.Finding;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VerificationPlannerTest {
    /** Rules check CWEs 89, 79 and 22; one finding for 89. */
    private final AnalysisReport report = new AnalysisReport("Tool", Set.of(89, 79, 22),
            List.of(new Finding("sqli", Set.of(89), "SQL injection", "A.java:1")), 2);

    private static TaskSnapshot task(long id, VerificationStatus verification, Integer... cwes) {
        return new TaskSnapshot(id, "T" + id, Set.of(cwes), verification, TaskStatus.TODO);
    }

    private static VerificationStatus after(ImportPlan plan, long id, VerificationStatus unchanged) {
        return plan.changes().stream().filter(c -> c.id() == id).map(TaskChange::after).findFirst().orElse(unchanged);
    }

    @Test
    void aTaskWithAFindingFailsACoveredOnePassesAPartlyCoveredOneIsPartial() {
        List<TaskSnapshot> tasks = List.of(task(1, NONE, 89), task(2, NONE, 79), task(3, NONE, 22, 352),
                task(4, NONE, 352), task(5, NONE));
        ImportPlan plan = VerificationPlanner.plan(tasks, report, ImportBehaviour.REPLACE, Map.of());

        assertEquals(FAIL, after(plan, 1, NONE));
        assertEquals(PASS, after(plan, 2, NONE));
        assertEquals(PARTIAL, after(plan, 3, NONE));
        assertTrue(plan.changes().stream().noneMatch(c -> c.id() == 4 || c.id() == 5), "uncovered tasks untouched");
        assertEquals(3, plan.matched());
    }

    /** Why an import of such a report does not read the project's tasks (AnalysisImportService.touchesNoTask). */
    @Test
    void aReportThatChecksNoCweAndFindsNothingPlansTheSameWhateverTheTasks() {
        AnalysisReport nothing = new AnalysisReport("Tool", Set.of(), List.of(), 3);
        List<TaskSnapshot> tasks = List.of(task(1, PASS, 89), task(2, FAIL, 79), task(3, NONE));
        for (ImportBehaviour behaviour : ImportBehaviour.values()) {
            Map<VerificationStatus, TaskStatus> mapping = VerificationPlanner.parseStatusMapping(Map.of("pass", "DONE"));
            assertEquals(VerificationPlanner.plan(List.of(), nothing, behaviour, mapping),
                    VerificationPlanner.plan(tasks, nothing, behaviour, mapping));
        }
        assertTrue(AnalysisImportService.touchesNoTask(nothing));
        assertTrue(!AnalysisImportService.touchesNoTask(report), "a report with a finding or a checked CWE reads the tasks");
        assertTrue(!AnalysisImportService.touchesNoTask(new AnalysisReport("Tool", Set.of(89), List.of(), 0)));
    }

    @Test
    void replaceOverwritesAnEarlierVerdict() {
        ImportPlan plan = VerificationPlanner.plan(List.of(task(1, PASS, 89), task(2, FAIL, 79)), report,
                ImportBehaviour.REPLACE, Map.of());
        assertEquals(FAIL, after(plan, 1, PASS));
        assertEquals(PASS, after(plan, 2, FAIL));
    }

    @Test
    void combineMergesWithTheEarlierVerdict() {
        assertEquals(PASS, VerificationPlanner.combine(NONE, PASS));
        assertEquals(PASS, VerificationPlanner.combine(PASS, PASS));
        assertEquals(FAIL, VerificationPlanner.combine(FAIL, PASS));
        assertEquals(FAIL, VerificationPlanner.combine(PASS, FAIL));
        assertEquals(FAIL, VerificationPlanner.combine(PARTIAL, FAIL));
        assertEquals(PARTIAL, VerificationPlanner.combine(PASS, PARTIAL));
        assertEquals(PARTIAL, VerificationPlanner.combine(PARTIAL, PASS));

        ImportPlan plan = VerificationPlanner.plan(List.of(task(2, FAIL, 79)), report, ImportBehaviour.COMBINE,
                Map.of());
        assertTrue(plan.changes().isEmpty(), "an earlier fail stays fail under combine");
        assertEquals(1, plan.unchanged());
    }

    @Test
    void theStatusMappingMovesTaskStatusForTheNewVerdict() {
        ImportPlan plan = VerificationPlanner.plan(List.of(task(1, NONE, 89), task(2, NONE, 79)), report,
                ImportBehaviour.REPLACE, VerificationPlanner.parseStatusMapping(Map.of("pass", "DONE", "fail", "todo")));
        TaskChange passed = plan.changes().stream().filter(c -> c.id() == 2).findFirst().orElseThrow();
        assertEquals(TaskStatus.DONE, passed.statusAfter());
        TaskChange failed = plan.changes().stream().filter(c -> c.id() == 1).findFirst().orElseThrow();
        assertEquals(TaskStatus.TODO, failed.statusAfter());
    }

    @Test
    void theSummaryCountsWhatHappened() {
        ImportPlan plan = VerificationPlanner.plan(List.of(task(1, NONE, 89), task(2, PASS, 79), task(3, NONE, 352)),
                new AnalysisReport("Tool", Set.of(89, 79), List.of(new Finding("a", Set.of(89), "", ""),
                        new Finding("b", Set.of(611), "", "")), 1),
                ImportBehaviour.REPLACE, Map.of());
        assertEquals("Tool: 3 findings, 2 tasks matched (1 fail, 1 pass, 0 partial); 1 changed, 1 unchanged; "
                + "2 findings mapped to no task", plan.summary());
    }

    @Test
    void badParamsAreRefusedNamingTheParam() {
        IllegalArgumentException behaviour = assertThrows(IllegalArgumentException.class,
                () -> ImportBehaviour.parse("merge"));
        assertTrue(behaviour.getMessage().startsWith("import_behaviour"));
        assertEquals(ImportBehaviour.REPLACE, ImportBehaviour.parse(null));
        assertEquals(ImportBehaviour.COMBINE, ImportBehaviour.parse("Combine"));
        IllegalArgumentException mapping = assertThrows(IllegalArgumentException.class,
                () -> VerificationPlanner.parseStatusMapping(Map.of("great", "DONE")));
        assertTrue(mapping.getMessage().startsWith("task_status_mapping"));
        assertThrows(IllegalArgumentException.class, () -> VerificationPlanner.parseStatusMapping("pass=DONE"));
    }
}
