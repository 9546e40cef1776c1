package io.synclane.stack.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.synclane.stack.PostgresEndpoint;
import java.util.Map;

/**
 * Gives a Quarkus test the real parts: a fresh database on a real PostgreSQL, and a real Kafka broker
 * (one per test JVM, see {@link SharedInfrastructure}, stopped when the JVM exits).
 *
 * <pre>
 * &#64;QuarkusTestResource(value = SynclaneTestResource.class,
 *         initArgs = &#64;ResourceArg(name = "database", value = "synclane_test_api"))
 * </pre>
 *
 * Init arg {@code database}: the database's name (dropped and created anew at each start).
 */
public class SynclaneTestResource implements QuarkusTestResourceLifecycleManager {
    private static volatile String jdbcUrl;
    private static volatile PostgresEndpoint postgres;

    private String database = "synclane_test";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        try {
            PostgresEndpoint server = SharedInfrastructure.postgres();
            String url = SharedInfrastructure.freshDatabase(database);
            String bootstrap = SharedInfrastructure.kafkaBootstrap();
            postgres = server;
            jdbcUrl = url;
            return Map.of(
                    "quarkus.datasource.jdbc.url", url,
                    "quarkus.datasource.username", server.user(),
                    "quarkus.datasource.password", server.password(),
                    "kafka.bootstrap.servers", bootstrap);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the test infrastructure (PostgreSQL, Kafka)", e);
        }
    }

    @Override
    public void stop() {
        // The broker and an embedded PostgreSQL live as long as the JVM: see SharedInfrastructure.
    }

    /** The broker's bootstrap address (starts it if no test resource has yet). */
    public static String kafkaBootstrap() {
        try {
            return SharedInfrastructure.kafkaBootstrap();
        } catch (Exception e) {
            throw new IllegalStateException("could not start Kafka", e);
        }
    }

    /** The JDBC URL of the database the last {@link #start()} created, for tests that query it directly. */
    public static String jdbcUrl() {
        if (jdbcUrl == null) {
            throw new IllegalStateException("SynclaneTestResource has not started yet");
        }
        return jdbcUrl;
    }

    public static String username() {
        return server().user();
    }

    public static String password() {
        return server().password();
    }

    /** The PostgreSQL server, for tests that need another database on it ({@link PostgresEndpoint#connect}). */
    public static PostgresEndpoint server() {
        if (postgres == null) {
            throw new IllegalStateException("SynclaneTestResource has not started yet");
        }
        return postgres;
    }
}
