package io.synclane.stack.testing;

import io.synclane.stack.EmbeddedPostgres;
import io.synclane.stack.KafkaBroker;
import io.synclane.stack.PostgresEndpoint;
import io.synclane.stack.PostgresLocator;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real parts tests share, started once per JVM: a PostgreSQL (located, or embedded) and a Kafka broker
 * (configured, or started from the Maven Central jars). Used by the Quarkus test resource and by the
 * end-to-end tests, which run outside Quarkus.
 */
public final class SharedInfrastructure {
    private static PostgresEndpoint postgres;
    private static String kafkaBootstrap;

    private SharedInfrastructure() {
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
