package io.synclane.e2e;

import io.synclane.stack.EmbeddedPostgres;
import io.synclane.stack.KafkaBroker;
import io.synclane.stack.PostgresEndpoint;
import io.synclane.stack.Processes;
import io.synclane.stack.ServiceProcess;
import io.synclane.stack.testing.SharedInfrastructure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stops in the middle of a burst of syncs and comes back (an embedded server of this test's own, so
 * that it can be stopped): every job accepted over HTTP still runs exactly once to success, none is left
 * scheduled or running, and no outbox row is left unsent.
 */
class PostgresRestartIT {
    private static final String TOKEN = "pg-restart-admin-token-0123456789";
    private static final String DATABASE = "synclane";

    @Test
    void aDatabaseRestartDuringABurstLosesNoJobAndLeavesNoneStuck() throws Exception {
        Path home = Files.createTempDirectory("synclane-restart-pg");
        EmbeddedPostgres server = new EmbeddedPostgres(home, KafkaBroker.freePort());
        PostgresEndpoint postgres = server.start();
        postgres.recreateDatabase(DATABASE);
        Map<String, String> env = EndToEnd.serviceEnv(postgres, postgres.jdbcUrl(DATABASE),
                SharedInfrastructure.kafkaBootstrap(), TOKEN);
        List<ServiceProcess> started = new ArrayList<>();
        try {
            ServiceProcess api = EndToEnd.start(started, "api-service", env, "pg-restart-api.log");
            ServiceProcess worker = EndToEnd.start(started, "worker-service", env, "pg-restart-worker.log");
            api.awaitReady(Duration.ofSeconds(90));
            worker.awaitReady(Duration.ofSeconds(90));
            ImportBurst burst = new ImportBurst(api, TOKEN, 40);

            int half = burst.size() / 2;
            for (int i = 0; i < half; i++) {
                burst.trigger(i);
            }
            server.stop(); // while the first half is claimed, run and recorded
            Thread.sleep(3_000);
            server.start();
            for (int i = half; i < burst.size(); i++) {
                triggerWhenAccepted(burst, i);
            }

            burst.assertEachJobRanOnce(postgres, DATABASE);
        } finally {
            started.forEach(ServiceProcess::stop);
            server.stop();
            Processes.deleteTree(home);
        }
    }

    /** The api's pool may need a moment to replace connections the restart closed: retry until accepted. */
    private static void triggerWhenAccepted(ImportBurst burst, int i) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                burst.trigger(i);
                return;
            } catch (AssertionError refused) {
                if (System.nanoTime() > deadline) {
                    throw refused;
                }
                Thread.sleep(500);
            }
        }
    }
}
