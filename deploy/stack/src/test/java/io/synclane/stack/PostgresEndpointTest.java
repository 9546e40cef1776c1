package io.synclane.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.synclane.stack.testing.SharedInfrastructure;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PostgresEndpointTest {

    @Test
    void aRecreatedDatabaseIsEmpty() throws Exception {
        PostgresEndpoint postgres = SharedInfrastructure.postgres();
        postgres.recreateDatabase("synclane_test_stack");
        try (Connection connection = postgres.connect("synclane_test_stack");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE leftover (id int)");
        }
        // An open session does not stop the drop (WITH (FORCE)): a test run killed halfway leaves some behind.
        try (Connection open = postgres.connect("synclane_test_stack")) {
            postgres.recreateDatabase("synclane_test_stack");
        }
        try (Connection connection = postgres.connect("synclane_test_stack");
                Statement statement = connection.createStatement()) {
            ResultSet tables = statement.executeQuery(
                    "SELECT count(*) FROM information_schema.tables WHERE table_name = 'leftover'");
            tables.next();
            assertEquals(0, tables.getInt(1));
        }
        postgres.createDatabaseIfMissing("synclane_test_stack"); // exists: nothing happens, nothing fails
    }

    @Test
    void theConfiguredUrlWinsOverTheLocalServer() {
        PostgresLocator locator = new PostgresLocator(Map.of(
                "SYNCLANE_DB_URL", "jdbc:postgresql://db.internal:6543/app?sslmode=require&password=secret",
                "SYNCLANE_DB_USER", "synclane"));
        PostgresEndpoint endpoint = locator.locate().orElseThrow();
        assertEquals("db.internal", endpoint.host());
        assertEquals(6543, endpoint.port());
        assertEquals("synclane", endpoint.user());
        assertEquals(Optional.of("app"), locator.configuredDatabase());
        assertEquals("jdbc:postgresql://db.internal:6543/synclane_test_x?sslmode=require&password=secret",
                endpoint.jdbcUrl("synclane_test_x"), "tests' own databases keep the server's parameters");
        assertTrue(endpoint.description().startsWith("SYNCLANE_DB_URL"), endpoint.description());
        assertFalse(endpoint.description().contains("secret"), endpoint.description());
    }

    @Test
    void aUrlWithoutDatabaseNamesNone() {
        assertEquals(Optional.empty(),
                new PostgresLocator(Map.of("SYNCLANE_DB_URL", "jdbc:postgresql://db:5432/")).configuredDatabase());
        assertThrows(IllegalArgumentException.class,
                () -> new PostgresLocator(Map.of("SYNCLANE_DB_URL", "jdbc:mysql://db/app")).locate());
    }

    @Test
    void embeddedCanBeForced() {
        assertFalse(new PostgresLocator(Map.of("SYNCLANE_DB_EMBEDDED", "1")).locate().isPresent());
    }

    @Test
    void onlyPlainDatabaseNamesAreAccepted() {
        PostgresEndpoint endpoint = new PostgresEndpoint("127.0.0.1", 1, "u", "", "test");
        assertThrows(IllegalArgumentException.class, () -> endpoint.recreateDatabase("x\"; DROP DATABASE postgres; --"));
    }
}
