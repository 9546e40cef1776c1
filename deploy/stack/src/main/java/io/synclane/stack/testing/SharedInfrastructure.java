package io.synclane.stack.testing;

import io.synclane.stack.KafkaBroker;
import io.synclane.stack.PostgresEndpoint;
import io.synclane.stack.PostgresLocator;
import io.synclane.stack.PostgresServer;
import io.synclane.stack.Processes;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real parts tests share, started once per JVM on first use: a PostgreSQL (configured, local, or
 * embedded, see {@link PostgresLocator}) and a Kafka broker ({@code SYNCLANE_KAFKA_BOOTSTRAP}, or started
 * from the Maven Central jars on free ports). What this starts is stopped, and its temporary data deleted,
 * when the JVM exits. Used by the Quarkus test resource and by the end-to-end tests, which run outside Quarkus.
 */
public final class SharedInfrastructure {
    private static PostgresEndpoint postgres;
    private static String kafkaBootstrap;

    private SharedInfrastructure() {
    }

    public static synchronized PostgresEndpoint postgres() throws Exception {
        if (postgres == null) {
            Path home = Files.createTempDirectory("synclane-test-pg");
            PostgresServer server = PostgresLocator.fromEnvironment().resolve(home, KafkaBroker.freePort());
            if (!server.isEmbedded()) {
                Files.delete(home);
            }
            atExit(() -> {
                server.stop();
                Processes.deleteTree(home);
            });
            postgres = server.endpoint();
            System.out.println("[synclane tests] PostgreSQL: " + postgres.description());
        }
        return postgres;
    }

    /** A new, empty database of that name on the shared PostgreSQL; its JDBC URL. */
    public static String freshDatabase(String name) throws Exception {
        PostgresEndpoint server = postgres();
        server.recreateDatabase(databaseName(name));
        return server.jdbcUrl(databaseName(name));
    }

    /**
     * The test database's real name: {@code SYNCLANE_TEST_DB_SUFFIX} appended, so that two checkouts can run
     * their tests at once on one PostgreSQL without dropping each other's databases.
     */
    public static String databaseName(String name) {
        String suffix = System.getenv().getOrDefault("SYNCLANE_TEST_DB_SUFFIX", "");
        return name + suffix.replaceAll("[^a-zA-Z0-9_]", "");
    }

    public static synchronized String kafkaBootstrap() throws Exception {
        if (kafkaBootstrap == null) {
            String configured = System.getenv("SYNCLANE_KAFKA_BOOTSTRAP");
            if (configured != null && !configured.isBlank()) {
                KafkaBroker.ensureTopics(configured);
                kafkaBootstrap = configured;
            } else {
                Path data = Files.createTempDirectory("synclane-test-kafka");
                KafkaBroker broker = KafkaBroker.start(KafkaBroker.libDir(), data, KafkaBroker.freePort(),
                        KafkaBroker.freePort(), data.resolve("kafka.log"));
                atExit(() -> {
                    broker.stop();
                    Processes.deleteTree(data);
                });
                kafkaBootstrap = broker.bootstrap();
            }
            System.out.println("[synclane tests] Kafka: " + kafkaBootstrap);
        }
        return kafkaBootstrap;
    }

    private interface Cleanup {
        void run() throws Exception;
    }

    private static void atExit(Cleanup cleanup) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                cleanup.run();
            } catch (Exception ignored) {
                // the JVM is exiting; nothing better to do
            }
        }, "synclane-test-infrastructure-stop"));
    }
}
