package io.synclane.worker.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.Frequency;
import io.synclane.common.domain.ScheduleSlots;
import io.synclane.common.job.JobLifecycle;
import io.synclane.common.job.JobLifecycle.JobTarget;
import io.synclane.common.job.JobLifecycle.SlotJob;
import io.synclane.common.job.JobStore;
import io.synclane.worker.config.SchedulerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * Turns due schedules into jobs. Every worker replica runs it; PostgreSQL keeps them from doubling up:
 * due connections are taken with {@code FOR UPDATE SKIP LOCKED}, so each is handled by one replica at a
 * time, and the unique (connection, slot) key refuses a second job for a slot outright.
 *
 * <ul>
 *   <li>After downtime a connection gets one catch-up job for its latest slot, not one per missed slot; the
 *       job's message says how many were missed.</li>
 *   <li>While a job of the connection is still unfinished the slot is skipped and counted in
 *       {@code skipped_runs}; a remote agent's job that no agent has taken yet is replaced instead.</li>
 * </ul>
 */
@ApplicationScoped
public class SchedulerService {
    private static final Logger LOG = Logger.getLogger(SchedulerService.class);

    /** What one pass did. */
    public record TickResult(int created, int skipped) {
    }

    private final EntityManager entityManager;
    private final JobLifecycle lifecycle;
    private final JobStore store;
    private final SchedulerConfig config;
    private final Clock clock;

    public SchedulerService(EntityManager entityManager, JobLifecycle lifecycle, JobStore store, SchedulerConfig config,
            Clock clock) {
        this.entityManager = entityManager;
        this.lifecycle = lifecycle;
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    /** Handles every connection due now, a batch per transaction. */
    public TickResult tick() {
        Instant now = clock.instant();
        int created = 0;
        int skipped = 0;
        while (true) {
            TickResult batch = QuarkusTransaction.requiringNew().call(() -> dueBatch(now));
            created += batch.created();
            skipped += batch.skipped();
            if (batch.created() + batch.skipped() < config.batchSize()) {
                return new TickResult(created, skipped);
            }
        }
    }

    /** A due connection as the batch's one select reads it, locked for this transaction. */
    private record DueConnection(JobTarget target, Frequency frequency, ScheduleSlots slots, Instant nextRun) {
    }

    /**
     * One batch of due connections: one select (locked, skipping what another replica holds), one for which are
     * busy, one update of their next runs and the jobs' own four statements, whatever the batch's size. No
     * entities: a batch of them cost a session's bookkeeping and an update statement per connection.
     */
    private TickResult dueBatch(Instant now) {
        return entityManager.unwrap(Session.class).doReturningWork(c -> {
            List<DueConnection> due = lockDue(c, now);
            if (due.isEmpty()) {
                return new TickResult(0, 0);
            }
            Set<Long> busy = store.busyConnections(due.stream().map(d -> d.target().connectionId()).toList());
            List<SlotJob> jobs = new ArrayList<>();
            int n = due.size();
            Long[] ids = new Long[n];
            String[] nextRuns = new String[n];
            Integer[] skips = new Integer[n];
            for (int i = 0; i < n; i++) {
                DueConnection connection = due.get(i);
                long id = connection.target().connectionId();
                Instant slot = connection.slots().slotAtOrBefore(now);
                int missed = connection.slots().slotsBetween(connection.nextRun(), slot);
                ids[i] = id;
                nextRuns[i] = connection.slots().slotAfter(slot).toString();
                skips[i] = busy.contains(id) ? 1 : 0;
                if (busy.contains(id)) {
                    LOG.infof("connection %d: slot %s skipped, its previous job has not finished", id, slot);
                } else {
                    String comment = missed > 0
                            ? "catch-up for " + (missed + 1) + " missed slots since " + connection.nextRun() + "; one job runs for them all"
                            : "scheduled " + connection.frequency().wire() + " run for slot " + slot;
                    jobs.add(new SlotJob(connection.target(), slot, comment));
                }
            }
            try (PreparedStatement advance = c.prepareStatement("""
                    UPDATE connection SET next_run = u.next_run, skipped_runs = skipped_runs + u.skipped
                    FROM unnest(?::bigint[], ?::timestamptz[], ?::integer[]) AS u (id, next_run, skipped)
                    WHERE connection.id = u.id""")) {
                advance.setArray(1, c.createArrayOf("bigint", ids));
                advance.setArray(2, c.createArrayOf("text", nextRuns));
                advance.setArray(3, c.createArrayOf("integer", skips));
                advance.executeUpdate();
            }
            lifecycle.scheduleSlots(jobs);
            return new TickResult(jobs.size(), n - jobs.size());
        });
    }

    private List<DueConnection> lockDue(java.sql.Connection c, Instant now) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("""
                SELECT cn.id, cn.team_id, cn.project_id, cn.kind, ct.inaccessible, cn.frequency, cn.schedule_timezone,
                       cn.schedule_minute, cn.schedule_hour, cn.schedule_day, cn.next_run
                FROM connection cn JOIN connector ct ON ct.id = cn.connector_id
                WHERE cn.frequency <> 'manually' AND NOT cn.schedule_paused AND cn.next_run <= ?
                ORDER BY cn.next_run LIMIT ?
                FOR UPDATE OF cn SKIP LOCKED""")) {
            select.setTimestamp(1, Timestamp.from(now));
            select.setInt(2, config.batchSize());
            List<DueConnection> due = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Frequency frequency = Frequency.parse(rs.getString(6)).orElseThrow();
                    due.add(new DueConnection(
                            new JobTarget(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                                    ConnectionKind.fromWire(rs.getString(4)), rs.getBoolean(5)),
                            frequency, new ScheduleSlots(frequency, ZoneId.of(rs.getString(7)), rs.getInt(8),
                                    rs.getInt(9), rs.getInt(10)),
                            rs.getTimestamp(11).toInstant()));
                }
            }
            return due;
        }
    }
}
