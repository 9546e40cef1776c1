package io.synclane.e2e;

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
 * The Kafka broker stops in the middle of a burst of syncs and comes back: every job accepted over HTTP still
 * runs exactly once to success, and no outbox row is left unsent. Database first, then Kafka, is what makes
 * this hold: triggers are accepted while the broker is away, and the relays send when it returns.
 */
class KafkaRestartIT {
    private static final String TOKEN = "restart-admin-token-0123456789";
    private static final String DATABASE = "synclane_test_kafka_restart";

    @Test
    void aBrokerRestartDuringABurstLosesNoJobAndLeavesNoneStuck() throws Exception {
        Path data = Files.createTempDirectory("synclane-restart-kafka");
        Path logs = EndToEnd.HOME.resolve("deploy/e2e/target/logs");
        Files.createDirectories(logs);
        int port = KafkaBroker.freePort();
        int controllerPort = KafkaBroker.freePort();
        KafkaBroker broker = KafkaBroker.start(KafkaBroker.libDir(), data, port, controllerPort,
                logs.resolve("restart-kafka-1.log"));
        PostgresEndpoint postgres = SharedInfrastructure.postgres();
        Map<String, String> env = EndToEnd.serviceEnv(postgres, SharedInfrastructure.freshDatabase(DATABASE),
                broker.bootstrap(), TOKEN);
        List<ServiceProcess> started = new ArrayList<>();
        KafkaBroker back = null;
        try {
            ServiceProcess api = EndToEnd.start(started, "api-service", env, "restart-api.log");
            ServiceProcess worker = EndToEnd.start(started, "worker-service", env, "restart-worker.log");
            api.awaitReady(Duration.ofSeconds(90));
            worker.awaitReady(Duration.ofSeconds(90));
            ImportBurst burst = new ImportBurst(api, TOKEN, 40);

            for (int i = 0; i < burst.size(); i++) {
                if (i == burst.size() / 2) {
                    broker.stop(); // mid-burst: the rest are accepted with no broker at all
                }
                burst.trigger(i);
            }
            Thread.sleep(3_000);
            back = KafkaBroker.start(KafkaBroker.libDir(), data, port, controllerPort,
                    logs.resolve("restart-kafka-2.log"));

            burst.assertEachJobRanOnce(postgres, SharedInfrastructure.databaseName(DATABASE));
        } finally {
            started.forEach(ServiceProcess::stop);
            if (back != null) {
                back.stop();
            }
            broker.stop();
            Processes.deleteTree(data);
        }
    }
}
