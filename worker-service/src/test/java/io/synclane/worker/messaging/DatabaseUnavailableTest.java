package io.synclane.worker.messaging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.transaction.RollbackException;
import java.sql.SQLException;
import javax.transaction.xa.XAException;
import org.junit.jupiter.api.Test;

/** Which claim failures mean "the database is away, retry the request" rather than "send it to the DLQ". */
class DatabaseUnavailableTest {

    @Test
    void aConnectionFailureAnywhereInTheCauseChainIsUnavailability() {
        RuntimeException wrapped = new RuntimeException(new IllegalStateException(new SQLException("refused", "08001")));
        assertTrue(JobRequestConsumer.isDatabaseUnavailable(wrapped));
    }

    @Test
    void aCommitFailedByAServerShutdownIsUnavailabilityThoughNarayanaOnlySuppressesIt() {
        // The shape a PostgreSQL restart produced at commit: RollbackException, the driver's error suppressed.
        XAException xa = new XAException("Error trying to transactionCommit local transaction");
        xa.initCause(new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
        RollbackException rollback = new RollbackException("ARJUNA016053: Could not commit transaction.");
        rollback.addSuppressed(xa);
        assertTrue(JobRequestConsumer.isDatabaseUnavailable(new IllegalStateException(rollback)));
    }

    @Test
    void otherFailuresAreNot() {
        assertFalse(JobRequestConsumer.isDatabaseUnavailable(new IllegalStateException("bug")));
        assertFalse(JobRequestConsumer.isDatabaseUnavailable(new SQLException("unique violation", "23505")));
        RollbackException rollback = new RollbackException("constraint");
        rollback.addSuppressed(new SQLException("check violation", "23514"));
        assertFalse(JobRequestConsumer.isDatabaseUnavailable(rollback));
    }
}
