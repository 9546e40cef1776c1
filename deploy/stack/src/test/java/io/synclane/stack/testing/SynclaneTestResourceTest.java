package io.synclane.stack.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/** What a Quarkus test gets from the resource, used the way Quarkus uses it: init, then start. */
class SynclaneTestResourceTest {

    @Test
    void startGivesAFreshDatabaseAndTheSharedBroker() throws Exception {
        SynclaneTestResource resource = new SynclaneTestResource();
        resource.init(Map.of("database", "synclane_test_stack_resource"));
        Map<String, String> config = resource.start();

        assertEquals(SynclaneTestResource.jdbcUrl(), config.get("quarkus.datasource.jdbc.url"));
        assertTrue(config.get("quarkus.datasource.jdbc.url").endsWith(
                "/" + SharedInfrastructure.databaseName("synclane_test_stack_resource")));
        try (Connection connection = DriverManager.getConnection(config.get("quarkus.datasource.jdbc.url"),
                config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password"));
                ResultSet tables = connection.createStatement().executeQuery(
                        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
            tables.next();
            assertEquals(0, tables.getInt(1));
        }

        String bootstrap = config.get("kafka.bootstrap.servers");
        assertEquals(SynclaneTestResource.kafkaBootstrap(), bootstrap, "one broker per JVM");
        assertEquals(bootstrap, SharedInfrastructure.kafkaBootstrap());
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            assertTrue(admin.listTopics().names().get(30, TimeUnit.SECONDS).contains("job-requests"));
        }
        resource.stop();
    }
}
