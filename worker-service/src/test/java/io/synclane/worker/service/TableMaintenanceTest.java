package io.synclane.worker.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.synclane.worker.config.MaintenanceConfig;
import io.synclane.worker.config.MaintenanceConfig.Vacuum;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TableMaintenanceTest {
    @Inject
    DataSource dataSource;

    @Test
    void vacuumsOnlyWhereTheServerDoesNot() {
        assertTrue(TableMaintenance.needed(Vacuum.AUTO, false));
        assertFalse(TableMaintenance.needed(Vacuum.AUTO, true));
        assertTrue(TableMaintenance.needed(Vacuum.ALWAYS, true));
        assertFalse(TableMaintenance.needed(Vacuum.NEVER, false));
    }

    @Test
    void vacuumsAndAnalyzesEveryJobTable() throws SQLException {
        long vacuumsBefore = vacuums();
        long analyzesBefore = analyzes();

        assertTrue(maintenance(Vacuum.ALWAYS).maintain());

        assertEquals(vacuumsBefore + TableMaintenance.TABLES.size(), vacuums());
        assertEquals(analyzesBefore + TableMaintenance.TABLES.size(), analyzes());
    }

    @Test
    void neverMeansNever() throws SQLException {
        long vacuumsBefore = vacuums();

        assertFalse(maintenance(Vacuum.NEVER).maintain());

        assertEquals(vacuumsBefore, vacuums());
    }

    @Test
    void oneReplicaAtATime() throws SQLException {
        long vacuumsBefore = vacuums();
        try (Connection other = dataSource.getConnection(); Statement holder = other.createStatement()) {
            // Another replica's maintenance holds the lock.
            holder.execute("SELECT pg_advisory_lock(x'53594E43'::int, x'56414355'::int)");
            try {
                assertFalse(maintenance(Vacuum.ALWAYS).maintain());
            } finally {
                holder.execute("SELECT pg_advisory_unlock(x'53594E43'::int, x'56414355'::int)");
            }
        }
        assertEquals(vacuumsBefore, vacuums());
    }

    private TableMaintenance maintenance(Vacuum mode) {
        return new TableMaintenance(dataSource, new MaintenanceConfig() {
            @Override
            public Vacuum vacuum() {
                return mode;
            }

            @Override
            public String every() {
                return "off";
            }
        });
    }

    private long vacuums() throws SQLException {
        return sum("vacuum_count");
    }

    private long analyzes() throws SQLException {
        return sum("analyze_count");
    }

    private long sum(String column) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement statement = c.createStatement()) {
            // Statistics are read once per transaction and kept: start from a fresh snapshot.
            statement.execute("SELECT pg_stat_clear_snapshot()");
            try (ResultSet rs = statement.executeQuery("SELECT sum(" + column + ") FROM pg_stat_user_tables WHERE relname IN ('"
                    + String.join("', '", TableMaintenance.TABLES) + "')")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
