package io.synclane.worker.service;

import io.quarkus.scheduler.Scheduled;
import io.synclane.common.persistence.DatabaseOutage;
import io.synclane.worker.config.MaintenanceConfig;
import io.synclane.worker.config.MaintenanceConfig.Vacuum;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Keeps the job tables fit for the hot path when the server does not: every job moves its {@code job} row twice,
 * closes a {@code job_run} row and passes four {@code outbox} rows through, and each of those leaves a dead row
 * version and dead index entries behind. Without vacuum they pile up, and every claim, completion and relay round
 * reads past them; without analyze the planner never learns the tables grew, and the plans it cached for the
 * first, empty tables (a scan of every running job, or of all of {@code job_run}) stay in use. With the server's
 * {@code autovacuum} on (production's default, with the per-table settings of migration V13) this does nothing.
 * One replica at a time does it (a session advisory lock), outside any transaction, as {@code VACUUM} must run.
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

    /** Vacuums and analyzes {@link #TABLES} if this mode and the server call for it; true if it did. */
    public boolean maintain() throws SQLException {
        if (mode == Vacuum.NEVER) {
            return false;
        }
        try (Connection c = dataSource.getConnection(); Statement statement = c.createStatement()) {
            if (!needed(mode, autovacuumOn(statement)) || !tryLock(statement)) {
                return false;
            }
            try {
                statement.execute("VACUUM (ANALYZE) " + String.join(", ", TABLES));
            } finally {
                statement.execute("SELECT pg_advisory_unlock(" + LOCK_CLASS + ", " + LOCK_OBJECT + ")");
            }
            return true;
        }
    }

    static boolean needed(Vacuum mode, boolean autovacuumOn) {
        return mode == Vacuum.ALWAYS || (mode == Vacuum.AUTO && !autovacuumOn);
    }

    private static boolean autovacuumOn(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT current_setting('autovacuum')::boolean")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static boolean tryLock(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery(
                "SELECT pg_try_advisory_lock(" + LOCK_CLASS + ", " + LOCK_OBJECT + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
