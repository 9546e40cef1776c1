package io.synclane.worker.service;

import io.synclane.common.domain.Connection;
import io.synclane.common.job.JobStore;
import io.synclane.common.job.JobStore.Claim;
import io.synclane.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hibernate.Session;

/**
 * Claims requested jobs for this worker, many in one transaction ({@link JobStore#claimForWorker}): a request
 * delivered twice, or for a job already claimed, finished or a remote agent's, claims nothing, which is what
 * makes the Kafka consumer idempotent. Adds what each run needs of its connection, read in the same transaction.
 */
@ApplicationScoped
public class JobClaimService {
    /** A connection runs one job at a time: a request arriving while another job of it runs waits this long. */
    static final Duration BUSY_CONNECTION_DELAY = Duration.ofSeconds(2);

    private final JobStore store;
    private final EntityManager entityManager;
    private final WorkerIdentity identity;
    private final WorkerConfig config;

    public JobClaimService(JobStore store, EntityManager entityManager, WorkerIdentity identity, WorkerConfig config) {
        this.store = store;
        this.entityManager = entityManager;
        this.identity = identity;
        this.config = config;
    }

    /**
     * Claims what it can of the jobs: one answer per id, in order; an id listed twice is claimed at most once
     * (its first place gets the claim).
     */
    @Transactional
    public List<Optional<ClaimedJob>> claimAll(List<Long> jobIds) {
        Map<Long, Claim> claimed = new HashMap<>(
                store.claimForWorker(jobIds, identity.process(), config.lease(), BUSY_CONNECTION_DELAY));
        Map<Long, RunTarget> targets = claimed.isEmpty() ? Map.of() : targets(claimed.values());
        List<Optional<ClaimedJob>> answers = new ArrayList<>(jobIds.size());
        for (Long id : jobIds) {
            Claim claim = claimed.remove(id);
            answers.add(Optional.ofNullable(claim).map(c -> new ClaimedJob(c.jobId(), c.connectionId(), c.projectId(),
                    c.kind(), c.attempt(), c.runId(), c.runKey(), c.requestId(), targets.get(c.connectionId()))));
        }
        return answers;
    }

    /**
     * The claimed jobs' connections, by one array-bound query (an HQL "in" list is translated anew for every
     * length); their connectors are few and load once per batch. Keyed by connection id.
     */
    private Map<Long, RunTarget> targets(Collection<Claim> claims) {
        Set<Long> connectionIds = new HashSet<>();
        claims.forEach(claim -> connectionIds.add(claim.connectionId()));
        Map<Long, RunTarget> targets = new HashMap<>();
        for (Connection connection : entityManager.unwrap(Session.class)
                .findMultiple(Connection.class, List.copyOf(connectionIds))) {
            if (connection != null) {
                targets.put(connection.id, new RunTarget(connection.connector.system, connection.projectId,
                        connection.effectiveParams()));
            }
        }
        return targets;
    }
}
