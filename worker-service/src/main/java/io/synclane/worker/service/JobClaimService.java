package io.synclane.worker.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synclane.common.domain.Connection;
import io.synclane.common.job.JobStore;
import io.synclane.common.job.JobStore.Claim;
import io.synclane.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    private static final TypeReference<Map<String, Object>> PARAMS = new TypeReference<>() {
    };

    private final JobStore store;
    private final EntityManager entityManager;
    private final ObjectMapper objectMapper;
    private final WorkerIdentity identity;
    private final WorkerConfig config;

    public JobClaimService(JobStore store, EntityManager entityManager, ObjectMapper objectMapper,
            WorkerIdentity identity, WorkerConfig config) {
        this.store = store;
        this.objectMapper = objectMapper;
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
     * The claimed jobs' connections with their connectors' system and params, by one array-bound statement on the
     * claim's own connection (no entities: nothing here is changed, and loading entities cost a session's
     * bookkeeping per connection). Keyed by connection id; a connection deleted meanwhile is absent.
     */
    private Map<Long, RunTarget> targets(Collection<Claim> claims) {
        Long[] connectionIds = claims.stream().map(Claim::connectionId).distinct().toArray(Long[]::new);
        return entityManager.unwrap(Session.class).doReturningWork(c -> {
            Map<Long, RunTarget> targets = new HashMap<>();
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT cn.id, ct.system, cn.project_id, ct.params::text, cn.params::text
                    FROM connection cn JOIN connector ct ON ct.id = cn.connector_id
                    WHERE cn.id = ANY (?)""")) {
                select.setArray(1, c.createArrayOf("bigint", connectionIds));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        targets.put(rs.getLong(1), new RunTarget(rs.getString(2), rs.getLong(3),
                                Connection.effectiveParams(json(rs.getString(4)), json(rs.getString(5)))));
                    }
                }
            }
            return targets;
        });
    }

    private Map<String, Object> json(String object) {
        try {
            return objectMapper.readValue(object, PARAMS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a connection's params are not a JSON object", e);
        }
    }
}
