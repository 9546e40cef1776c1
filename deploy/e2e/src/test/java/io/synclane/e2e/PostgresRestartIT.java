package io.synclane.e2e;

import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stops in the middle of a burst of syncs and comes back (an embedded server of this test's own, so
 * that it can be stopped): every job accepted over HTTP still runs exactly once to success, none is left
 * scheduled or running, and no outbox row is left unsent.
 */
class PostgresRestartIT {
    private static final String TOKEN = "pg-restart-admin-token-0123456789";

    @Test
    void aDatabaseRestartDuringABurstLosesNoJobAndLeavesNoneStuck() throws Exception {
        try (OwnPostgresStack stack = OwnPostgresStack.start("restart", TOKEN)) {
            ImportBurst burst = new ImportBurst(stack.api(), TOKEN, 40);

            int half = burst.size() / 2;
            for (int i = 0; i < half; i++) {
                burst.trigger(i);
            }
            stack.server().stop(); // while the first half is claimed, run and recorded
            Thread.sleep(3_000);
            stack.server().start();
            for (int i = half; i < burst.size(); i++) {
                burst.triggerOnce(i); // the api's pool may need a moment to replace the connections the restart closed
            }

            burst.assertEachJobRanOnce(stack.postgres(), OwnPostgresStack.DATABASE);
        }
    }
}
