package io.synclane.stack.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.synclane.stack.PostgresEndpoint;
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
            PostgresEndpoint postgres = SharedInfrastructure.postgres();
            postgres.recreateDatabase(database);
            return Map.of(
                    "quarkus.datasource.jdbc.url", postgres.jdbcUrl(database),
                    "quarkus.datasource.username", postgres.user(),
                    "quarkus.datasource.password", postgres.password(),
                    "kafka.bootstrap.servers", SharedInfrastructure.kafkaBootstrap());
        } catch (Exception e) {
            throw new IllegalStateException("could not start the test infrastructure", e);
        }
    }

    @Override
    public void stop() {
        // The broker and an embedded PostgreSQL live as long as the JVM: see SharedInfrastructure.
    }
}
