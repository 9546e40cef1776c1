package io.synclane.common.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synclane.common.domain.JobStatus;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobTransitionsTest {
    @Test
    void theLifecycleMovesForwardFromNewToAnEnd() {
        assertTrue(JobTransitions.allowed(JobStatus.NEW, JobStatus.SCHEDULED));
        assertTrue(JobTransitions.allowed(JobStatus.SCHEDULED, JobStatus.PRE_RUN));
        assertTrue(JobTransitions.allowed(JobStatus.SCHEDULED, JobStatus.RUNNING));
        assertTrue(JobTransitions.allowed(JobStatus.PRE_RUN, JobStatus.RUNNING));
        assertTrue(JobTransitions.allowed(JobStatus.RUNNING, JobStatus.POST_RUN));
        for (JobStatus end : EnumSet.of(JobStatus.SUCCESS, JobStatus.FAILURE)) {
            assertEquals(JobTransitions.RUN_CAN_END, JobTransitions.from(end), end.wire());
        }
    }

    @Test
    void aRunningJobGoesBackToScheduledForARetryOrATakeover() {
        for (JobStatus active : JobTransitions.RUN_ACTIVE) {
            assertTrue(JobTransitions.allowed(active, JobStatus.SCHEDULED), active.wire());
        }
    }

    @Test
    void anyUnfinishedJobCanBeCancelledOrFailedByTheSystemButNoEndedJobMovesAgain() {
        for (JobStatus unfinished : JobTransitions.UNFINISHED) {
            assertTrue(JobTransitions.allowed(unfinished, JobStatus.KILLED), unfinished.wire());
            assertTrue(JobTransitions.allowed(unfinished, JobStatus.ERROR), unfinished.wire());
        }
        for (JobStatus ended : JobTransitions.TERMINAL) {
            for (JobStatus to : JobStatus.values()) {
                assertFalse(JobTransitions.allowed(ended, to), ended.wire() + " -> " + to.wire());
            }
        }
    }

    @Test
    void aJobIsNeverMovedBackToNewNorStraightFromScheduledToAnOutcomeOfARun() {
        assertTrue(JobTransitions.from(JobStatus.NEW).isEmpty());
        assertFalse(JobTransitions.allowed(JobStatus.SCHEDULED, JobStatus.SUCCESS));
        assertFalse(JobTransitions.allowed(JobStatus.SCHEDULED, JobStatus.FAILURE));
        assertFalse(JobTransitions.allowed(JobStatus.NEW, JobStatus.RUNNING));
    }

    @Test
    void aGuardWiderThanTheMachineAllowsIsRefused() {
        assertEquals(JobTransitions.RUN_ACTIVE, JobTransitions.guard(JobTransitions.RUN_ACTIVE, JobStatus.ERROR));
        assertThrows(IllegalArgumentException.class,
                () -> JobTransitions.guard(Set.of(JobStatus.SCHEDULED), JobStatus.SUCCESS));
        assertThrows(IllegalArgumentException.class,
                () -> JobTransitions.guard(Set.of(JobStatus.SUCCESS), JobStatus.KILLED));
    }
}
