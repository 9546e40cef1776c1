package io.synclane.api.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.job.GroupCommitter;
import io.synclane.common.job.JobLifecycle;
import io.synclane.common.job.JobStore.MovedJob;
import io.synclane.common.job.JobStore.SyncRequest;
import io.synclane.common.logging.LogContext;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
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
     * {@link Forbidden}, after the same 404 a stranger gets. Nothing waits for the batch: the answer comes when it
     * is written, so the caller's thread (an event loop) is free meanwhile.
     */
    public Uni<MovedJob> trigger(Actor caller, ConnectionKind kind, long connectionId) {
        if (!maySync(caller, kind)) {
            // Rare: telling a 404 from a 403 reads the database, on a worker thread.
            return Uni.createFrom().<MovedJob>failure(() -> refusal(caller, kind, connectionId))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
        SyncRequest request = new SyncRequest(caller.teamId(), kind, connectionId, caller.userId(),
                LogContext.requestId());
        return Uni.createFrom().completionStage(() -> triggers.submitAsync(request))
                .map(job -> job.orElseThrow(NotFound::new));
    }

    /** Why a caller who may not sync is refused: the connection is not theirs to see, or not theirs to run. */
    private RuntimeException refusal(Actor caller, ConnectionKind kind, long connectionId) {
        try {
            QuarkusTransaction.requiringNew().run(() -> connections.get(caller.teamId(), kind, connectionId));
            return new Forbidden();
        } catch (NotFound unknown) {
            return unknown;
        }
    }

    @PreDestroy
    void stop() {
        triggers.close();
    }
}
