package io.synclane.common.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.transaction.RollbackException;
import java.sql.SQLException;
import javax.transaction.xa.XAException;
import org.junit.jupiter.api.Test;

/** Which failures mean "the database is away, wait and retry" rather than "this request or run is bad". */
class DatabaseOutageTest {

    @Test
    void aConnectionFailureAnywhereInTheCauseChainIsUnavailability() {
        RuntimeException wrapped = new RuntimeException(new IllegalStateException(new SQLException("refused", "08001")));
        assertTrue(DatabaseOutage.isCause(wrapped));
    }

    @Test
    void aCommitFailedByAServerShutdownIsUnavailabilityThoughNarayanaOnlySuppressesIt() {
        // The shape a PostgreSQL restart produced at commit: RollbackException, the driver's error suppressed.
        XAException xa = new XAException("Error trying to transactionCommit local transaction");
        xa.initCause(new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
        RollbackException rollback = new RollbackException("ARJUNA016053: Could not commit transaction.");
        rollback.addSuppressed(xa);
        assertTrue(DatabaseOutage.isCause(new IllegalStateException(rollback)));
    }

    @Test
    void aServerTakingNoWritesOrShortOfResourcesIsUnavailability() {
        assertTrue(DatabaseOutage.isCause(new IllegalStateException(
                new SQLException("cannot execute UPDATE in a read-only transaction", "25006"))));
        assertTrue(DatabaseOutage.isCause(new SQLException("could not extend file: No space left on device", "53100")));
        assertTrue(DatabaseOutage.isCause(new SQLException("sorry, too many clients already", "53300")));
    }

    @Test
    void otherFailuresAreNot() {
        assertFalse(DatabaseOutage.isCause(new IllegalStateException("bug")));
        assertFalse(DatabaseOutage.isCause(new SQLException("unique violation", "23505")));
        assertFalse(DatabaseOutage.isCause(new SQLException("invalid transaction state", "25000")));
        RollbackException rollback = new RollbackException("constraint");
        rollback.addSuppressed(new SQLException("check violation", "23514"));
        assertFalse(DatabaseOutage.isCause(rollback));
    }

    @Test
    void workIsRetriedWhileTheDatabaseIsDownAndOtherFailuresPassThrough() throws Exception {
        int[] calls = {0};
        String answer = DatabaseOutage.retryWhileDown("testing", () -> {
            if (++calls[0] < 3) {
                throw new IllegalStateException(new SQLException("refused", "08001"));
            }
            return "done";
        });
        assertEquals("done", answer);
        assertEquals(3, calls[0]);

        IllegalStateException bug = new IllegalStateException("bug");
        assertSame(bug, assertThrows(IllegalStateException.class, () -> DatabaseOutage.retryWhileDown("testing", () -> {
            throw bug;
        })));
    }
}
