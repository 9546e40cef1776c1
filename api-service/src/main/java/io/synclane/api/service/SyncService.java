package io.synclane.api.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.job.GroupCommitter;
import io.synclane.common.job.JobLifecycle;
import io.synclane.common.job.JobStore.MovedJob;
import io.synclane.common.job.JobStore.SyncRequest;
import io.synclane.common.logging.LogContext;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * Starts a sync or import of a connection now, on a client's request. Triggers arriving together are written in
 * one transaction (group commit): under load a trigger costs a share of four statements and one commit instead
 * of a transaction of its own, and alone it costs what it did before.
 */
@ApplicationScoped
public class SyncService {
    /** At most this many triggers share a transaction. */
    static final int MAX_BATCH = 128;

    private final ConnectionService connections;
    private final GroupCommitter<SyncRequest, Optional<MovedJob>> triggers;

    public SyncService(ConnectionService connections, JobLifecycle lifecycle) {
        this.connections = connections;
        this.triggers = new GroupCommitter<>("sync-triggers", MAX_BATCH,
                batch -> QuarkusTransaction.requiringNew().call(() -> lifecycle.scheduleRequested(batch)));
    }

    /** Whether the caller may start a sync of a connection of that side: the rule {@link #trigger} enforces. */
    public static boolean maySync(Actor caller, ConnectionKind kind) {
        return caller.canEditConnections(kind);
    }

    /**
     * The job row, its first state and the Kafka request are one transaction (the outbox). An unknown or another
     * team's connection is {@link NotFound}; a caller who may not edit the team's connections of that side gets
     * {@link Forbidden}, after the same 404 a stranger gets.
     */
    public MovedJob trigger(Actor caller, ConnectionKind kind, long connectionId) {
        if (!maySync(caller, kind)) {
            QuarkusTransaction.requiringNew().run(() -> connections.get(caller.teamId(), kind, connectionId));
            caller.requireEdit(kind);
        }
        try {
            return triggers.submit(new SyncRequest(caller.teamId(), kind, connectionId, caller.userId(),
                    LogContext.requestId())).orElseThrow(NotFound::new);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the trigger was written", e);
        }
    }

    @PreDestroy
    void stop() {
        triggers.close();
    }
}
