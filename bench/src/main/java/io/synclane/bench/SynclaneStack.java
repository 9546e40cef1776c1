package io.synclane.bench;

import io.synclane.stack.KafkaBroker;
import io.synclane.stack.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A fresh Kafka broker (its own data folder, so no earlier phase's records or offsets leak in) and the
 * packaged services on free ports against one bench database. Closing stops everything it started.
 */
final class SynclaneStack implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Path home;
    private final Path logs;
    private final BenchDatabase database;
    private final KafkaBroker kafka;
    private final List<ServiceProcess> services = new ArrayList<>();

    private SynclaneStack(Path home, Path logs, BenchDatabase database, KafkaBroker kafka) {
        this.home = home;
        this.logs = logs;
        this.database = database;
        this.kafka = kafka;
    }

    static SynclaneStack start(Path home, String phase, BenchDatabase database) throws Exception {
        Path work = home.resolve("bench/target/run/" + phase);
        deleteRecursively(work);
        Path logs = Files.createDirectories(work.resolve("logs"));
        KafkaBroker kafka = KafkaBroker.start(KafkaBroker.libDir(), work.resolve("kafka"), KafkaBroker.freePort(),
                KafkaBroker.freePort(), logs.resolve("kafka.log"));
        return new SynclaneStack(home, logs, database, kafka);
    }

    /** Starts the api-service and waits until it is ready. */
    ServiceProcess api() throws Exception {
        return service("api-service", "api");
    }

    /** Starts a worker-service replica (the n-th) and waits until it is ready. */
    ServiceProcess worker(int n) throws Exception {
        return service("worker-service", "worker-" + n);
    }

    private ServiceProcess service(String module, String name) throws Exception {
        Map<String, String> env = ServiceProcess.storageEnv(database.postgres,
                database.postgres.jdbcUrl(database.name), kafka.bootstrap());
        String profile = System.getenv("BENCH_PROFILE");
        if (profile != null && !profile.isBlank()) {
            // A JFR recording per process, written when it stops: bench/README.md shows how to read it.
            env.put("JAVA_TOOL_OPTIONS", "-XX:FlightRecorderOptions=stackdepth=512 -XX:StartFlightRecording=settings=profile,filename="
                    + logs.resolve(name + ".jfr"));
        }
        ServiceProcess service = ServiceProcess.start(name,
                home.resolve(module + "/target/quarkus-app/quarkus-run.jar"), KafkaBroker.freePort(), env,
                logs.resolve(name + ".log"));
        services.add(service);
        service.awaitReady(READY_TIMEOUT);
        return service;
    }

    /** The broker's bootstrap address, for the bench's own Kafka reads (the per-job accounting). */
    String kafkaBootstrap() {
        return kafka.bootstrap();
    }

    long kafkaPid() {
        return kafka.pid();
    }

    @Override
    public void close() {
        for (ServiceProcess service : services) {
            service.stop();
        }
        kafka.stop();
    }

    private static void deleteRecursively(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
