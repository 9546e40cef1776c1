package io.synclane.worker.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synclane.common.domain.TaskStatus;
import io.synclane.common.domain.VerificationStatus;
import io.synclane.worker.connector.alm.TrackedIssue;
import io.synclane.worker.service.AlmSyncPlanner.Action;
import io.synclane.worker.service.AlmSyncPlanner.ConflictPolicy;
import io.synclane.worker.service.AlmSyncPlanner.Settings;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules of an ALM sync: scope, titles, and who wins when a task and its issue disagree. */
class AlmSyncPlannerTest {
    private static final Instant EARLIER = Instant.parse("2026-11-01T10:00:00Z");
    private static final Instant LATER = Instant.parse("2026-11-02T10:00:00Z");

    private static AlmTask task(String phase, int priority, TaskStatus status, VerificationStatus verification,
            Set<String> tags) {
        return new AlmTask(1, "T21", "Secure forgotten password", "text", phase, priority, status, verification, tags,
                EARLIER);
    }

    private static AlmTask task(TaskStatus status, Instant updated) {
        return new AlmTask(1, "T21", "Secure forgotten password", "text", "development", 8, status,
                VerificationStatus.NONE, Set.of(), updated);
    }

    private static TrackedIssue issue(boolean done, Instant updated) {
        return new TrackedIssue("7", "T21: Secure forgotten password", done, updated, "http://alm/7");
    }

    @Test
    void theDefaultsAreTheOriginalToolsOnes() {
        Settings settings = AlmSyncPlanner.settings(Map.of());
        assertEquals(7, settings.minPriority());
        assertEquals(Set.of(TaskStatus.TODO), settings.statusesToCreate());
        assertEquals(ConflictPolicy.ALM, settings.policy());
        assertEquals("T21: Secure forgotten password",
                AlmSyncPlanner.title(task(TaskStatus.TODO, EARLIER), settings));
    }

    @Test
    void scopeIsPhasePriorityVerificationAndTags() {
        Settings settings = AlmSyncPlanner.settings(Map.of("alm_phases", "requirements, development",
                "sde_min_priority", "7", "sde_verification_filter", "none,fail", "sde_tags_filter", "pci"));
        assertTrue(AlmSyncPlanner.inScope(task("development", 7, TaskStatus.TODO, VerificationStatus.FAIL,
                Set.of("pci", "web")), settings));
        assertFalse(AlmSyncPlanner.inScope(task("testing", 9, TaskStatus.TODO, VerificationStatus.NONE,
                Set.of("pci")), settings), "phase outside alm_phases");
        assertFalse(AlmSyncPlanner.inScope(task("development", 6, TaskStatus.TODO, VerificationStatus.NONE,
                Set.of("pci")), settings), "priority below sde_min_priority");
        assertFalse(AlmSyncPlanner.inScope(task("development", 9, TaskStatus.TODO, VerificationStatus.PASS,
                Set.of("pci")), settings), "verification outside the filter");
        assertFalse(AlmSyncPlanner.inScope(task("development", 9, TaskStatus.TODO, VerificationStatus.NONE,
                Set.of("web")), settings), "no tag of the filter");
        assertTrue(AlmSyncPlanner.inScope(task("anything", 7, TaskStatus.DONE, VerificationStatus.PASS, Set.of()),
                AlmSyncPlanner.settings(Map.of())), "without filters every phase, verification and tag is in");
    }

    @Test
    void onlyTasksWhoseStatusIsInScopeGetANewIssue() {
        Settings defaults = AlmSyncPlanner.settings(Map.of());
        assertTrue(AlmSyncPlanner.shouldCreate(task(TaskStatus.TODO, EARLIER), defaults));
        assertFalse(AlmSyncPlanner.shouldCreate(task(TaskStatus.DONE, EARLIER), defaults));
        assertTrue(AlmSyncPlanner.shouldCreate(task(TaskStatus.DONE, EARLIER),
                AlmSyncPlanner.settings(Map.of("sde_statuses_in_scope", "TODO,DONE"))));
    }

    @Test
    void titlesFollowTheFormatEitherParamNames() {
        AlmTask task = task(TaskStatus.TODO, EARLIER);
        assertEquals("[Security] T21: Secure forgotten password", AlmSyncPlanner.title(task,
                AlmSyncPlanner.settings(Map.of("alm_title_format", "[Security] $task_id $title"))));
        assertEquals("T21: only the id", AlmSyncPlanner.title(task,
                AlmSyncPlanner.settings(Map.of("title_format", "$task_id only the id"))));
    }

    @Test
    void theSideThatMovedSinceTheLastSyncWinsWhateverThePolicy() {
        for (ConflictPolicy policy : ConflictPolicy.values()) {
            assertEquals(Action.CLOSE_ISSUE, AlmSyncPlanner.reconcile(task(TaskStatus.DONE, EARLIER),
                    issue(false, LATER), false, policy), "a task marked DONE closes its issue (" + policy + ")");
            assertEquals(Action.TASK_DONE, AlmSyncPlanner.reconcile(task(TaskStatus.TODO, LATER),
                    issue(true, EARLIER), false, policy), "an issue closed in the ALM marks the task (" + policy + ")");
            assertEquals(Action.REOPEN_ISSUE, AlmSyncPlanner.reconcile(task(TaskStatus.TODO, EARLIER),
                    issue(true, LATER), true, policy));
            assertEquals(Action.TASK_TODO, AlmSyncPlanner.reconcile(task(TaskStatus.NA, LATER),
                    issue(false, EARLIER), true, policy));
            assertEquals(Action.NONE, AlmSyncPlanner.reconcile(task(TaskStatus.NA, LATER),
                    issue(true, EARLIER), false, policy), "NA and closed agree");
        }
    }

    @Test
    void withoutAnEarlierSyncTheConflictPolicyDecides() {
        AlmTask doneEarlier = task(TaskStatus.DONE, EARLIER);
        TrackedIssue openLater = issue(false, LATER);
        assertEquals(Action.TASK_TODO, AlmSyncPlanner.reconcile(doneEarlier, openLater, null, ConflictPolicy.ALM));
        assertEquals(Action.CLOSE_ISSUE, AlmSyncPlanner.reconcile(doneEarlier, openLater, null, ConflictPolicy.SDE));
        assertEquals(Action.TASK_TODO, AlmSyncPlanner.reconcile(doneEarlier, openLater, null,
                ConflictPolicy.TIMESTAMP), "the issue changed later");
        assertEquals(Action.CLOSE_ISSUE, AlmSyncPlanner.reconcile(task(TaskStatus.DONE, LATER), issue(false, EARLIER),
                null, ConflictPolicy.TIMESTAMP), "the task changed later");
    }

    @Test
    void aParamValueThatIsNotUnderstoodIsNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> AlmSyncPlanner.settings(Map.of("conflict_policy", "newest"))).getMessage()
                .contains("conflict_policy"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> AlmSyncPlanner.settings(Map.of("sde_min_priority", "high"))).getMessage()
                .contains("sde_min_priority"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> AlmSyncPlanner.settings(Map.of("sde_statuses_in_scope", "OPEN"))).getMessage()
                .contains("sde_statuses_in_scope"));
    }
}
