package io.synclane.stack.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.synclane.stack.EmbeddedPostgres;
import io.synclane.stack.KafkaBroker;
import io.synclane.stack.PostgresEndpoint;
import io.synclane.stack.PostgresLocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Gives a Quarkus test the real parts: a fresh database on a real PostgreSQL, and a real Kafka broker
 * (one per test JVM, started from the Maven Central jars, stopped when the JVM exits).
 * Init arg {@code database}: the database's name (it is dropped and created anew).
 */
public class SynclaneTestResource implements QuarkusTestResourceLifecycleManager {
    private String database = "synclane_test";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        try {
            PostgresEndpoint postgres = TestInfrastructure.postgres();
            postgres.recreateDatabase(database);
            return Map.of(
                    "quarkus.datasource.jdbc.url", postgres.jdbcUrl(database),
                    "quarkus.datasource.username", postgres.user(),
                    "quarkus.datasource.password", postgres.password(),
                    "kafka.bootstrap.servers", TestInfrastructure.kafkaBootstrap());
        } catch (Exception e) {
            throw new IllegalStateException("could not start the test infrastructure", e);
        }
    }

    @Override
    public void stop() {
        // The broker and an embedded PostgreSQL live as long as the JVM: see TestInfrastructure.
    }

    /** The shared parts, started once per JVM; also used by tests that run outside Quarkus. */
    public static final class TestInfrastructure {
        private static PostgresEndpoint postgres;
        private static String kafkaBootstrap;

        private TestInfrastructure() {
        }

        public static synchronized PostgresEndpoint postgres() throws Exception {
            if (postgres == null) {
                PostgresLocator locator = PostgresLocator.fromEnvironment();
                postgres = locator.locate().orElse(null);
                if (postgres == null) {
                    EmbeddedPostgres embedded = new EmbeddedPostgres(
                            Files.createTempDirectory("synclane-test-pg"), KafkaBroker.freePort());
                    postgres = embedded.start();
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        try {
                            embedded.stop();
                        } catch (Exception ignored) {
                            // the JVM is exiting; the server dies with its data folder
                        }
                    }));
                }
                System.out.println("[synclane tests] PostgreSQL: " + postgres.description());
            }
            return postgres;
        }

        public static synchronized String kafkaBootstrap() throws Exception {
            if (kafkaBootstrap == null) {
                String configured = System.getenv("SYNCLANE_KAFKA_BOOTSTRAP");
                if (configured != null && !configured.isBlank()) {
                    KafkaBroker.ensureTopics(configured);
                    kafkaBootstrap = configured;
                } else {
                    Path lib = Path.of(System.getProperty("stack.kafka.lib", "deploy/kafka/target/lib"));
                    Path data = Files.createTempDirectory("synclane-test-kafka");
                    KafkaBroker broker = KafkaBroker.start(lib, data, KafkaBroker.freePort(), KafkaBroker.freePort(),
                            data.resolve("kafka.log"));
                    Runtime.getRuntime().addShutdownHook(new Thread(broker::stop));
                    kafkaBootstrap = broker.bootstrap();
                }
                System.out.println("[synclane tests] Kafka: " + kafkaBootstrap);
            }
            return kafkaBootstrap;
        }
    }
}
