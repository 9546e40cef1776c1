package io.synclane.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synclane.stack.EmbeddedPostgres;
import io.synclane.stack.KafkaBroker;
import io.synclane.stack.PostgresEndpoint;
import io.synclane.stack.Processes;
import io.synclane.stack.ServiceProcess;
import io.synclane.stack.testing.SharedInfrastructure;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL takes no writes for a few seconds in the middle of a burst (as a failover's standby or an operator's
 * pause would: {@code default_transaction_read_only} on an embedded server of this test's own): claims, runs' ends
 * and the outbox relay wait it out, nothing is dead-lettered or failed for it, and every job accepted over HTTP
 * runs exactly once to success; a trigger refused meanwhile is refused whole (not half written) and never a 500.
 */
class PostgresReadOnlyIT {
    private static final String TOKEN = "pg-readonly-admin-token-0123456789";
    private static final String DATABASE = "synclane";

    @Test
    void aDatabaseTakingNoWritesForAMomentLosesNoJobAndLeavesNoneStuck() throws Exception {
        Path home = Files.createTempDirectory("synclane-readonly-pg");
        EmbeddedPostgres server = new EmbeddedPostgres(home, KafkaBroker.freePort());
        PostgresEndpoint postgres = server.start();
        postgres.recreateDatabase(DATABASE);
        Map<String, String> env = EndToEnd.serviceEnv(postgres, postgres.jdbcUrl(DATABASE),
                SharedInfrastructure.kafkaBootstrap(), TOKEN);
        List<ServiceProcess> started = new ArrayList<>();
        try {
            ServiceProcess api = EndToEnd.start(started, "api-service", env, "pg-readonly-api.log");
            ServiceProcess worker = EndToEnd.start(started, "worker-service", env, "pg-readonly-worker.log");
            api.awaitReady(Duration.ofSeconds(90));
            worker.awaitReady(Duration.ofSeconds(90));
            ImportBurst burst = new ImportBurst(api, TOKEN, 40);

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

            burst.assertEachJobRanOnce(postgres, DATABASE);
        } finally {
            started.forEach(ServiceProcess::stop);
            server.stop();
            Processes.deleteTree(home);
        }
    }

    /** New transactions of every session are read-only (or writable again) once the configuration is reloaded. */
    private static void readOnly(PostgresEndpoint postgres, boolean on) throws Exception {
        try (Connection db = postgres.connect(DATABASE); Statement statement = db.createStatement()) {
            statement.execute("SET default_transaction_read_only = off"); // this session may change it back
            statement.execute("ALTER SYSTEM SET default_transaction_read_only = " + (on ? "on" : "off"));
            statement.execute("SELECT pg_reload_conf()");
        }
    }
}
