package io.synclane.worker.service;

import io.quarkus.scheduler.Scheduled;
import io.synclane.common.persistence.DatabaseOutage;
import io.synclane.worker.config.MaintenanceConfig;
import io.synclane.worker.config.MaintenanceConfig.Vacuum;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Keeps the job tables fit for the hot path when the server does not: every job moves its {@code job} row twice,
 * closes a {@code job_run} row and passes four {@code outbox} rows through, and each leaves a dead row version and
 * dead index entries behind. Without vacuum they pile up and every relay round and lease check reads past them;
 * without analyze the planner never learns the tables grew, and the plans it cached for the first, empty tables
 * (a scan of every running job, or of all of {@code job_run}) stay in use.
 *
 * <p>It decides as autovacuum would, by the same thresholds (the server's settings, or a table's own storage
 * parameters): a table is vacuumed (and analyzed with it, which autovacuum would decide apart) once its dead rows,
 * or its rows inserted since the last vacuum, pass threshold + scale factor x its rows, and analyzed alone once its
 * rows changed since the last analyze do. So a vacuum
 * finds work in proportion to its table, and its cost per job stays flat as the history grows. With the server's
 * {@code autovacuum} on (production's default) it does nothing. One replica at a time (a session advisory lock),
 * outside any transaction, as {@code VACUUM} must run.
 */
@ApplicationScoped
public class TableMaintenance {
    private static final Logger LOG = Logger.getLogger(TableMaintenance.class);
    /** The tables every job writes more than once, or inserts into at the job rate (whose statistics then age). */
    static final List<String> TABLES = List.of("job", "job_run", "job_state", "job_file", "outbox");
    /** Key of the lock in PostgreSQL's two-key advisory space ("SYNC", "VACU"), apart from the relay's. */
    private static final int LOCK_CLASS = 0x5359_4E43;
    private static final int LOCK_OBJECT = 0x5641_4355;

    private final DataSource dataSource;
    private final Vacuum mode;

    public TableMaintenance(DataSource dataSource, MaintenanceConfig config) {
        this.dataSource = dataSource;
        this.mode = config.vacuum();
    }

    /** What the statistics say of one table since its last vacuum and analyze, with its own autovacuum settings. */
    record TableActivity(String table, double rows, long dead, long insertedSinceVacuum, long changedSinceAnalyze,
            Map<String, String> ownSettings) {

        /** {@code VACUUM (ANALYZE)}, {@code ANALYZE} or nothing, by autovacuum's rule. */
        Optional<String> command(Map<String, String> serverSettings) {
            double rows = Math.max(this.rows, 0); // -1 until the first vacuum or analyze
            if (dead > limit("autovacuum_vacuum", rows, serverSettings)
                    || insertedSinceVacuum > limit("autovacuum_vacuum_insert", rows, serverSettings)) {
                return Optional.of("VACUUM (ANALYZE) " + table);
            }
            if (changedSinceAnalyze > limit("autovacuum_analyze", rows, serverSettings)) {
                return Optional.of("ANALYZE " + table);
            }
            return Optional.empty();
        }

        private double limit(String prefix, double rows, Map<String, String> serverSettings) {
            return setting(prefix + "_threshold", serverSettings) + setting(prefix + "_scale_factor", serverSettings) * rows;
        }

        private double setting(String name, Map<String, String> serverSettings) {
            String value = ownSettings.getOrDefault(name, serverSettings.get(name));
            // -1 is the server's way to say "never" for inserts (autovacuum_vacuum_insert_threshold).
            double parsed = Double.parseDouble(value);
            return parsed < 0 ? Double.POSITIVE_INFINITY : parsed;
        }
    }

    @Scheduled(every = "${synclane.maintenance.every:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        try {
            maintain();
        } catch (SQLException e) {
            if (!DatabaseOutage.isCause(e)) {
                LOG.warnf("vacuuming the job tables failed: %s", e.getMessage());
            }
        }
    }

    /** Vacuums or analyzes those of {@link #TABLES} that are due, if this mode and the server call for it. */
    public List<String> maintain() throws SQLException {
        if (mode == Vacuum.NEVER) {
            return List.of();
        }
        try (Connection c = dataSource.getConnection(); Statement statement = c.createStatement()) {
            Map<String, String> settings = serverSettings(c);
            if (!needed(mode, "on".equals(settings.get("autovacuum"))) || !tryLock(statement)) {
                return List.of();
            }
            try {
                List<String> done = new ArrayList<>();
                for (TableActivity table : activity(c)) {
                    Optional<String> command = mode == Vacuum.ALWAYS
                            ? Optional.of("VACUUM (ANALYZE) " + table.table()) : table.command(settings);
                    if (command.isPresent()) {
                        statement.execute(command.get());
                        done.add(command.get());
                    }
                }
                return done;
            } finally {
                statement.execute("SELECT pg_advisory_unlock(" + LOCK_CLASS + ", " + LOCK_OBJECT + ")");
            }
        }
    }

    static boolean needed(Vacuum mode, boolean autovacuumOn) {
        return mode == Vacuum.ALWAYS || (mode == Vacuum.AUTO && !autovacuumOn);
    }

    private static Map<String, String> serverSettings(Connection c) throws SQLException {
        Map<String, String> settings = new HashMap<>();
        try (Statement select = c.createStatement(); ResultSet rs = select.executeQuery(
                "SELECT name, setting FROM pg_settings WHERE name LIKE 'autovacuum%'")) {
            while (rs.next()) {
                settings.put(rs.getString(1), rs.getString(2));
            }
        }
        return settings;
    }

    private static List<TableActivity> activity(Connection c) throws SQLException {
        List<TableActivity> tables = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("""
                SELECT c.relname, c.reltuples, s.n_dead_tup, s.n_ins_since_vacuum, s.n_mod_since_analyze, c.reloptions
                FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid
                WHERE c.relname = ANY (?) AND c.relnamespace = to_regnamespace(current_schema())
                ORDER BY c.relname""")) {
            select.setArray(1, c.createArrayOf("text", TABLES.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    tables.add(new TableActivity(rs.getString(1), rs.getDouble(2), rs.getLong(3), rs.getLong(4),
                            rs.getLong(5), options(rs.getArray(6))));
                }
            }
        }
        return tables;
    }

    /** A table's storage parameters ({@code name=value} each), as set by {@code ALTER TABLE ... SET (...)}. */
    private static Map<String, String> options(Array reloptions) throws SQLException {
        Map<String, String> options = new HashMap<>();
        if (reloptions != null) {
            for (Object option : (Object[]) reloptions.getArray()) {
                String[] nameValue = option.toString().split("=", 2);
                options.put(nameValue[0], nameValue[1]);
            }
        }
        return options;
    }

    private static boolean tryLock(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery(
                "SELECT pg_try_advisory_lock(" + LOCK_CLASS + ", " + LOCK_OBJECT + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
