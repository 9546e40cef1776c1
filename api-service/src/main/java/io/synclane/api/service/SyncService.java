package io.synclane.api.service;

import io.synclane.common.domain.Connection;
import io.synclane.common.domain.ConnectionKind;
import io.synclane.common.domain.Job;
import io.synclane.common.job.JobLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Starts a sync or import of a connection now, on a client's request. */
@ApplicationScoped
public class SyncService {
    private final ConnectionService connections;
    private final JobLifecycle lifecycle;

    public SyncService(ConnectionService connections, JobLifecycle lifecycle) {
        this.connections = connections;
        this.lifecycle = lifecycle;
    }

    /** Whether the caller may start a sync of a connection of that side: the rule {@link #trigger} enforces. */
    public static boolean maySync(Actor caller, ConnectionKind kind) {
        return caller.canEditConnections(kind);
    }

    /** The job row, its first state and the Kafka request are one transaction (the outbox). */
    @Transactional
    public Job trigger(Actor caller, ConnectionKind kind, long connectionId) {
        Connection connection = connections.get(caller.teamId(), kind, connectionId);
        caller.requireEdit(kind);
        return lifecycle.schedule(connection, caller.userId(), true);
    }
}
