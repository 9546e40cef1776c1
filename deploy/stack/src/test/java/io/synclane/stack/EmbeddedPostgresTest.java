package io.synclane.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL a machine with only a JDK gets, reached the way the launcher and the tests reach it
 * ({@code SYNCLANE_DB_EMBEDDED=1} forces it here, where 5432 may answer): real, unprivileged when we are
 * root, and persistent across a restart.
 */
class EmbeddedPostgresTest {
    @TempDir
    Path home;

    @Test
    void itStartsAsTheUnprivilegedUserAnswersKeepsItsDataAcrossARestartAndStops() throws Exception {
        PostgresLocator locator = new PostgresLocator(Map.of("SYNCLANE_DB_EMBEDDED", "1"));
        int port = KafkaBroker.freePort();
        PostgresServer server = locator.resolve(home, port);
        PostgresEndpoint endpoint = server.endpoint();
        try {
            assertTrue(server.isEmbedded());
            assertTrue(server.description().startsWith("embedded PostgreSQL 17 (Maven Central binaries)"),
                    server.description());
            assertEquals(port, endpoint.port());
            long pid = server.pid().orElseThrow();
            if ("root".equals(System.getProperty("user.name"))) {
                assertEquals("nobody", ProcessHandle.of(pid).orElseThrow().info().user().orElseThrow(),
                        "PostgreSQL refuses root, so the server runs as the unprivileged user");
                assertEquals("nobody", Files.getOwner(home.resolve("data")).getName());
            }
            try (Connection connection = endpoint.connect("postgres"); Statement statement = connection.createStatement()) {
                ResultSet version = statement.executeQuery("SELECT version()");
                version.next();
                assertTrue(version.getString(1).startsWith("PostgreSQL 17"), version.getString(1));
                statement.execute("CREATE TABLE kept (id int)");
                statement.execute("INSERT INTO kept VALUES (7)");
            }
            assertEquals(pid, locator.resolve(home, port).pid().orElseThrow(), "a running server is reused");

            server.stop();
            assertFalse(endpoint.answers());
            assertTrue(server.pid().isEmpty());

            PostgresServer restarted = locator.resolve(home, port);
            try (Connection connection = endpoint.connect("postgres"); Statement statement = connection.createStatement()) {
                ResultSet kept = statement.executeQuery("SELECT id FROM kept");
                assertTrue(kept.next(), "the data survives a restart (no second initdb)");
                assertEquals(7, kept.getInt(1));
            }
            restarted.stop();
        } finally {
            server.stop();
        }
        assertFalse(endpoint.answers());
    }
}
