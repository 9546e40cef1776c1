package io.synclane.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PostgreSQL a machine with only a JDK gets: real, unprivileged when we are root, and persistent. */
class EmbeddedPostgresTest {
    @TempDir
    Path home;

    @Test
    void itStartsAnswersKeepsItsDataAcrossARestartAndStops() throws Exception {
        EmbeddedPostgres postgres = new EmbeddedPostgres(home, KafkaBroker.freePort());
        PostgresEndpoint endpoint = postgres.start();
        try {
            try (Connection connection = endpoint.connect("postgres"); Statement statement = connection.createStatement()) {
                ResultSet version = statement.executeQuery("SELECT version()");
                version.next();
                assertTrue(version.getString(1).startsWith("PostgreSQL 17"), version.getString(1));
                statement.execute("CREATE TABLE kept (id int)");
                statement.execute("INSERT INTO kept VALUES (7)");
            }
            if ("root".equals(System.getProperty("user.name"))) {
                assertEquals("nobody", Files.getOwner(home.resolve("data")).getName(),
                        "PostgreSQL refuses root, so the data belongs to the unprivileged user");
            }
            postgres.stop();
            assertFalse(endpoint.answers());

            postgres.start();
            try (Connection connection = endpoint.connect("postgres"); Statement statement = connection.createStatement()) {
                ResultSet kept = statement.executeQuery("SELECT id FROM kept");
                assertTrue(kept.next());
                assertEquals(7, kept.getInt(1));
            }
        } finally {
            postgres.stop();
        }
        assertFalse(endpoint.answers());
    }
}
