package io.synclane.worker.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.synclane.common.domain.Connection;
import io.synclane.common.domain.ScheduleSlots;
import io.synclane.common.job.JobLifecycle;
import io.synclane.common.job.JobLifecycle.SlotJob;
import io.synclane.common.job.JobStore;
import io.synclane.worker.config.SchedulerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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

    private TickResult dueBatch(Instant now) {
        @SuppressWarnings("unchecked")
        List<Long> due = entityManager.createNativeQuery("""
                SELECT id FROM connection
                WHERE frequency <> 'manually' AND NOT schedule_paused AND next_run <= ?1
                ORDER BY next_run LIMIT ?2
                FOR UPDATE SKIP LOCKED""", Long.class)
                .setParameter(1, now)
                .setParameter(2, config.batchSize())
                .getResultList();
        if (due.isEmpty()) {
            return new TickResult(0, 0);
        }
        // Two queries for the whole batch, not two per connection: the connections with their connectors,
        // and which of them still have a job under way (a remote agent's job still waiting does not count).
        List<Connection> connections = Connection.<Connection>find(
                "from Connection c join fetch c.connector where c.id in ?1 order by c.nextRun", due).list();
        Set<Long> busy = store.busyConnections(due);
        List<SlotJob> jobs = new ArrayList<>();
        int skipped = 0;
        for (Connection connection : connections) {
            long id = connection.id;
            ScheduleSlots slots = connection.slots().orElseThrow();
            Instant slot = slots.slotAtOrBefore(now);
            int missed = slots.slotsBetween(connection.nextRun, slot);
            if (busy.contains(id)) {
                connection.skippedRuns++;
                skipped++;
                LOG.infof("connection %d: slot %s skipped, its previous job has not finished", id, slot);
            } else {
                String comment = missed > 0
                        ? "catch-up for " + (missed + 1) + " missed slots since " + connection.nextRun + "; one job runs for them all"
                        : "scheduled " + connection.frequency.wire() + " run for slot " + slot;
                jobs.add(new SlotJob(connection, slot, comment));
            }
            connection.nextRun = slots.slotAfter(slot);
        }
        lifecycle.scheduleSlots(jobs);
        return new TickResult(jobs.size(), skipped);
    }
}
