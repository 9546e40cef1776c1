package io.synclane.common.outbox;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.synclane.common.config.OutboxConfig;
import io.synclane.common.outbox.OutboxWriter.OutboxAppended;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Publishes committed outbox rows to Kafka in id order, then marks them sent (at-least-once: a crash
 * between the broker's ack and the mark publishes the batch again, which consumers tolerate).
 *
 * <p>Every process of both services runs a relay, but a transaction-scoped advisory lock lets only
 * one of them publish at a time, so rows leave in the order they were committed. The relay wakes as
 * soon as this process commits a row, and otherwise polls for rows other processes wrote.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Arbitrary constant shared by all Synclane processes: "the outbox relay" lock. */
    private static final long RELAY_LOCK = 0x5359_4E43_4C4F_5842L;
    private static final int LOCK_BUSY = -1;
    private static final Duration FAILURE_BACKOFF = Duration.ofSeconds(1);
    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);

    private final DataSource dataSource;
    private final OutboxTransport transport;
    private final OutboxConfig config;
    private final Semaphore wakeups = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;
    private Instant nextPurge = Instant.now();

    public OutboxRelay(DataSource dataSource, OutboxTransport transport, OutboxConfig config) {
        this.dataSource = dataSource;
        this.transport = transport;
        this.config = config;
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
                purgeWhenDue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warnf("outbox relay failed, retrying in %s: %s", FAILURE_BACKOFF, e.toString());
                sleep(FAILURE_BACKOFF);
            }
        }
    }

    /** Publishes until the outbox is empty; waits briefly while another process holds the relay lock. */
    private void drain() throws Exception {
        int busyRounds = 0;
        while (running) {
            int sent = relayBatch();
            if (sent == LOCK_BUSY) {
                // The other relay may have read before our rows committed: look again shortly.
                if (++busyRounds > 100) {
                    return;
                }
                sleep(Duration.ofMillis(2));
            } else if (sent < config.batchSize()) {
                return;
            }
        }
    }

    /** One transaction: take the lock, read a batch, publish it, mark it sent. */
    int relayBatch() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                int sent = relayBatch(connection);
                connection.commit();
                return sent;
            } catch (Exception e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private int relayBatch(Connection connection) throws Exception {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, RELAY_LOCK);
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return LOCK_BUSY;
                }
            }
        }
        List<Long> ids = new ArrayList<>();
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, topic, message_key, payload FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT ?")) {
            select.setInt(1, config.batchSize());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                    acks.add(transport.send(rs.getString(2), rs.getString(3), rs.getString(4)).toCompletableFuture());
                }
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                .get(config.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        try (PreparedStatement mark = connection.prepareStatement(
                "UPDATE outbox SET sent_at = now() WHERE id = ANY (?)")) {
            Array array = connection.createArrayOf("bigint", ids.toArray());
            mark.setArray(1, array);
            mark.executeUpdate();
        }
        return ids.size();
    }

    private void purgeWhenDue() throws SQLException {
        if (Instant.now().isBefore(nextPurge)) {
            return;
        }
        nextPurge = Instant.now().plus(PURGE_EVERY);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement purge = connection.prepareStatement(
                        "DELETE FROM outbox WHERE sent_at < now() - make_interval(secs => ?)")) {
            purge.setDouble(1, config.retention().toSeconds());
            purge.executeUpdate();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
