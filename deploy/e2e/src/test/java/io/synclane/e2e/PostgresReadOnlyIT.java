package io.synclane.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synclane.stack.PostgresEndpoint;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL takes no writes for a few seconds in the middle of a burst (as a failover's standby or an operator's
 * pause would: {@code default_transaction_read_only} on an embedded server of this test's own): claims, runs' ends
 * and the outbox relay wait it out, nothing is dead-lettered or failed for it, and every job accepted over HTTP
 * runs exactly once to success; a trigger refused meanwhile is refused whole (not half written) and never a 500.
 */
class PostgresReadOnlyIT {
    private static final String TOKEN = "pg-readonly-admin-token-0123456789";

    @Test
    void aDatabaseTakingNoWritesForAMomentLosesNoJobAndLeavesNoneStuck() throws Exception {
        try (OwnPostgresStack stack = OwnPostgresStack.start("readonly", TOKEN)) {
            PostgresEndpoint postgres = stack.postgres();
            ImportBurst burst = new ImportBurst(stack.api(), TOKEN, 40);

            int half = burst.size() / 2;
            for (int i = 0; i < half; i++) {
                burst.trigger(i);
            }
            readOnly(postgres, true); // while the first half is claimed, run and recorded
            int refusals = 0;
            try {
                long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                while (System.nanoTime() < until) {
                    HttpResponse<String> answer = burst.tryTrigger(half);
                    if (answer.statusCode() < 300) {
                        break; // read-only not seen yet by that connection: accepted, and counted below
                    }
                    assertEquals(503, answer.statusCode(), "a trigger the outage refuses is a 503: " + answer.body());
                    assertTrue(answer.headers().firstValue("Retry-After").isPresent());
                    assertTrue(answer.body().contains("\"detail\""), answer.body());
                    refusals++;
                    Thread.sleep(300);
                }
            } finally {
                readOnly(postgres, false);
            }
            assertTrue(refusals > 0, "the read-only moment was seen by the api-service");
            for (int i = half; i < burst.size(); i++) {
                burst.triggerOnce(i);
            }

            burst.assertEachJobRanOnce(postgres, OwnPostgresStack.DATABASE);
        }
    }

    /** New transactions of every session are read-only (or writable again) once the configuration is reloaded. */
    private static void readOnly(PostgresEndpoint postgres, boolean on) throws Exception {
        try (Connection db = postgres.connect(OwnPostgresStack.DATABASE); Statement statement = db.createStatement()) {
            statement.execute("SET default_transaction_read_only = off"); // this session may change it back
            statement.execute("ALTER SYSTEM SET default_transaction_read_only = " + (on ? "on" : "off"));
            statement.execute("SELECT pg_reload_conf()");
        }
    }
}
