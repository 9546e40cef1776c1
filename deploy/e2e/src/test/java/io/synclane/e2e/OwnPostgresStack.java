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

/**
 * Both services over an embedded PostgreSQL of the test's own, which the test may stop, restart or make read-only
 * without touching the machine's server; the shared Kafka broker. Closing stops everything and deletes the data.
 */
final class OwnPostgresStack implements AutoCloseable {
    static final String DATABASE = "synclane";

    private final Path home;
    private final EmbeddedPostgres server;
    private final PostgresEndpoint postgres;
    private final List<ServiceProcess> started = new ArrayList<>();
    private ServiceProcess api;
    private ServiceProcess worker;

    private OwnPostgresStack(String name) throws Exception {
        home = Files.createTempDirectory("synclane-" + name + "-pg");
        server = new EmbeddedPostgres(home, KafkaBroker.freePort());
        postgres = server.start();
    }

    /** Starts the database, then api-service and a worker on it (logs {@code pg-<name>-api.log}, ...), ready. */
    static OwnPostgresStack start(String name, String token) throws Exception {
        OwnPostgresStack stack = new OwnPostgresStack(name);
        try {
            stack.postgres.recreateDatabase(DATABASE);
            Map<String, String> env = EndToEnd.serviceEnv(stack.postgres, stack.postgres.jdbcUrl(DATABASE),
                    SharedInfrastructure.kafkaBootstrap(), token);
            stack.api = EndToEnd.start(stack.started, "api-service", env, "pg-" + name + "-api.log");
            stack.worker = EndToEnd.start(stack.started, "worker-service", env, "pg-" + name + "-worker.log");
            stack.api.awaitReady(Duration.ofSeconds(90));
            stack.worker.awaitReady(Duration.ofSeconds(90));
            return stack;
        } catch (Exception | AssertionError e) {
            stack.close();
            throw e;
        }
    }

    ServiceProcess api() {
        return api;
    }

    ServiceProcess worker() {
        return worker;
    }

    PostgresEndpoint postgres() {
        return postgres;
    }

    EmbeddedPostgres server() {
        return server;
    }

    @Override
    public void close() throws Exception {
        started.forEach(ServiceProcess::stop);
        server.stop();
        Processes.deleteTree(home);
    }
}
