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
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    private static final Map<String, String> SERVER_DEFAULTS = Map.of(
            "autovacuum_vacuum_threshold", "50", "autovacuum_vacuum_scale_factor", "0.2",
            "autovacuum_vacuum_insert_threshold", "1000", "autovacuum_vacuum_insert_scale_factor", "0.2",
            "autovacuum_analyze_threshold", "50", "autovacuum_analyze_scale_factor", "0.1");

    @Test
    void vacuumsATableOnceItsDeadRowsPassAutovacuumsThreshold() {
        // 50 + 0.2 x 10,000 = 2,050
        assertEquals(Optional.empty(), activity(10_000, 2_050, 0, 0, Map.of()).command(SERVER_DEFAULTS));
        assertEquals(Optional.of("VACUUM (ANALYZE) job"), activity(10_000, 2_051, 0, 0, Map.of()).command(SERVER_DEFAULTS));
    }

    @Test
    void vacuumsAnInsertOnlyTableOnceEnoughRowsWereAdded() {
        // 1,000 + 0.2 x 10,000 = 3,000
        assertEquals(Optional.empty(), activity(10_000, 0, 3_000, 0, Map.of()).command(SERVER_DEFAULTS));
        assertEquals(Optional.of("VACUUM (ANALYZE) job"), activity(10_000, 0, 3_001, 0, Map.of()).command(SERVER_DEFAULTS));
        assertEquals(Optional.empty(), activity(10_000, 0, 1_000_000, 0, Map.of("autovacuum_vacuum_insert_threshold", "-1"))
                .command(SERVER_DEFAULTS), "-1 turns vacuums for inserts off");
    }

    @Test
    void analyzesATableWhoseRowsChangedWithoutDyingOrBeingAdded() {
        // 50 + 0.1 x 10,000 = 1,050
        assertEquals(Optional.empty(), activity(10_000, 0, 0, 1_050, Map.of()).command(SERVER_DEFAULTS));
        assertEquals(Optional.of("ANALYZE job"), activity(10_000, 0, 0, 1_051, Map.of()).command(SERVER_DEFAULTS));
    }

    @Test
    void aTableNeverAnalyzedCountsAsEmpty() {
        assertEquals(Optional.of("ANALYZE job"), activity(-1, 0, 0, 51, Map.of()).command(SERVER_DEFAULTS));
    }

    @Test
    void aTablesOwnSettingsWinOverTheServers() {
        Map<String, String> own = Map.of("autovacuum_vacuum_scale_factor", "0", "autovacuum_vacuum_threshold", "100");
        assertEquals(Optional.of("VACUUM (ANALYZE) job"), activity(1_000_000, 101, 0, 0, own).command(SERVER_DEFAULTS));
    }

    private static TableMaintenance.TableActivity activity(double rows, long dead, long inserted, long changed,
            Map<String, String> own) {
        return new TableMaintenance.TableActivity("job", rows, dead, inserted, changed, own);
    }

    @Test
    void alwaysVacuumsAndAnalyzesEveryJobTable() throws SQLException {
        long vacuumsBefore = vacuums();
        long analyzesBefore = analyzes();

        assertEquals(TableMaintenance.TABLES.size(), maintenance(Vacuum.ALWAYS).maintain().size());

        assertEquals(vacuumsBefore + TableMaintenance.TABLES.size(), vacuums());
        assertEquals(analyzesBefore + TableMaintenance.TABLES.size(), analyzes());
    }

    @Test
    void neverMeansNever() throws SQLException {
        long vacuumsBefore = vacuums();

        assertEquals(List.of(), maintenance(Vacuum.NEVER).maintain());

        assertEquals(vacuumsBefore, vacuums());
    }

    @Test
    void oneReplicaAtATime() throws SQLException {
        long vacuumsBefore = vacuums();
        try (Connection other = dataSource.getConnection(); Statement holder = other.createStatement()) {
            // Another replica's maintenance holds the lock.
            holder.execute("SELECT pg_advisory_lock(x'53594E43'::int, x'56414355'::int)");
            try {
                assertEquals(List.of(), maintenance(Vacuum.ALWAYS).maintain());
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
