package io.synclane.common.outbox;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.synclane.common.config.OutboxConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.synclane.common.job.JobStore;
import io.synclane.common.job.JobStore.RelayRound;
import io.synclane.common.job.JobStore.OutboxAppended;
import io.synclane.common.persistence.JdbcTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Publishes committed outbox rows to Kafka in id order, then deletes them, so the table holds only what is
 * still to go (at-least-once: a crash between the broker's ack and the delete publishes the batch again,
 * which consumers tolerate).
 *
 * <p>Every process of both services runs a relay, but a transaction-scoped advisory lock lets only
 * one of them publish at a time, so rows leave in the order they were committed. The relay wakes as
 * soon as this process commits a row, and otherwise polls for rows other processes wrote.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final Duration FAILURE_BACKOFF = Duration.ofSeconds(1);
    /** How long a round waits for another relay's round to commit before it counts as busy. */
    private static final Duration LOCK_WAIT = Duration.ofMillis(250);

    private final DataSource dataSource;
    private final OutboxTransport transport;
    private final OutboxConfig config;
    private final Counter published;
    private final Counter deadLettered;
    private final Semaphore wakeups = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    public OutboxRelay(DataSource dataSource, OutboxTransport transport, OutboxConfig config, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.transport = transport;
        this.config = config;
        this.published = Counter.builder("synclane.outbox.published")
                .description("Outbox messages the broker acknowledged").register(meters);
        this.deadLettered = Counter.builder("synclane.outbox.dead.letters")
                .description("Outbox messages the broker refused for good, set aside in outbox_dead_letter")
                .register(meters);
    }

    void start(@Observes StartupEvent event) {
        if (!config.relayEnabled()) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(Duration.ofSeconds(10).toMillis());
        }
    }

    void onAppended(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxAppended appended) {
        if (wakeups.availablePermits() == 0) {
            wakeups.release();
        }
    }

    private void loop() {
        while (running) {
            try {
                wakeups.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wakeups.drainPermits();
                drain();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warnf("outbox relay failed, retrying in %s: %s", FAILURE_BACKOFF, e.toString());
                sleep(FAILURE_BACKOFF);
            }
        }
    }

    /**
     * Publishes until the outbox is empty. While another process's relay holds the lock, a round waits for it
     * (that relay may have read before our rows committed, so they may still be there when it is done); after a
     * few seconds of busy rounds it leaves the rows to that relay and the next poll.
     */
    private void drain() throws Exception {
        int busyRounds = 0;
        while (running) {
            RelayRound round = relayBatch();
            if (round.busy()) {
                if (++busyRounds > 20) {
                    return;
                }
            } else if (round.handled() < config.batchSize()) {
                return;
            }
        }
    }

    /** One transaction: take the lock, read a batch, publish it, delete it ({@link JobStore#relayOutbox}). */
    RelayRound relayBatch() throws Exception {
        RelayRound round = JdbcTransaction.run(dataSource, connection -> JobStore.relayOutbox(connection,
                config.batchSize(), transport, config.sendTimeout(), LOCK_WAIT));
        published.increment(round.published());
        deadLettered.increment(round.deadLettered().size());
        // One line per message set aside, never its payload (it may hold a job's result message).
        round.deadLettered().forEach((id, reason) -> LOG.errorf(
                "outbox message %d set aside in outbox_dead_letter: the broker refuses it (%s)", id, reason));
        return round;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
