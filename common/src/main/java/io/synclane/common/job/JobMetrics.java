package io.synclane.common.job;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.synclane.common.domain.JobStatus;
import io.synclane.common.job.JobStore.JobsMoved;
import io.synclane.common.job.JobStore.MovedJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The job metrics, counted from what {@link JobStore} recorded once its transaction committed (a rolled-back move
 * counts nothing), in whichever process moved the job:
 * <ul>
 * <li>{@code synclane_jobs_created_total{kind,system}}: jobs created to run (not results reported as ended);</li>
 * <li>{@code synclane_jobs_started_total{kind,system,runner}}: claims by a worker or a remote agent;</li>
 * <li>{@code synclane_jobs_ended_total{kind,system,status}} and {@code synclane_jobs_rescheduled_total}
 * (retries and takeovers);</li>
 * <li>{@code synclane_job_run_duration_seconds} (first start to end) and {@code synclane_job_start_latency_seconds}
 * (trigger to running, first attempts), as histograms.</li>
 * </ul>
 * A connection's system (its connector's, e.g. {@code sarif}) is read once per connection and kept.
 */
@ApplicationScoped
public class JobMetrics {
    private static final Logger LOG = Logger.getLogger(JobMetrics.class);

    private final MeterRegistry meters;
    private final DataSource dataSource;
    private final Map<Long, String> systems = new ConcurrentHashMap<>();

    public JobMetrics(MeterRegistry meters, DataSource dataSource) {
        this.meters = meters;
        this.dataSource = dataSource;
    }

    void onMoved(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobsMoved moved) {
        try {
            count(moved, Instant.now());
        } catch (RuntimeException e) {
            LOG.debugf("job metrics not counted: %s", e.toString()); // metrics never fail a move that committed
        }
    }

    void count(JobsMoved moved, Instant now) {
        learnSystems(moved.jobs().stream().map(MovedJob::connectionId).collect(Collectors.toSet()));
        for (MovedJob job : moved.jobs()) {
            String kind = job.kind().wire();
            String system = systems.getOrDefault(job.connectionId(), "unknown");
            JobStatus status = job.status();
            if (status.isTerminal()) {
                Counter.builder("synclane.jobs.ended").description("Jobs that ended, by how")
                        .tags("kind", kind, "system", system, "status", status.wire()).register(meters).increment();
                if (job.startedAt() != null) {
                    timer("synclane.job.run.duration", "From a job's first start to its end", kind, system)
                            .record(between(job.startedAt(), now));
                }
            } else if (status == JobStatus.PRE_RUN || (status == JobStatus.RUNNING && !job.remoteAgent())) {
                // An agent's start is its claim (pre-run); its running that follows is a report, not a start.
                Counter.builder("synclane.jobs.started").description("Jobs claimed by a worker or a remote agent")
                        .tags("kind", kind, "system", system, "runner", job.remoteAgent() ? "agent" : "worker")
                        .register(meters).increment();
                if (job.attempt() == 1) {
                    timer("synclane.job.start.latency", "From a job's creation to its first start", kind, system)
                            .record(between(job.createdAt(), now));
                }
            } else if (status == JobStatus.SCHEDULED) {
                Counter.builder(job.attempt() == 0 ? "synclane.jobs.created" : "synclane.jobs.rescheduled")
                        .description(job.attempt() == 0 ? "Jobs created to run" : "Jobs scheduled again (retries, takeovers)")
                        .tags("kind", kind, "system", system).register(meters).increment();
            }
        }
    }

    private Timer timer(String name, String description, String kind, String system) {
        return Timer.builder(name).description(description).tags("kind", kind, "system", system)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(2)).register(meters);
    }

    private static Duration between(Instant from, Instant to) {
        Duration duration = Duration.between(from, to);
        return duration.isNegative() ? Duration.ZERO : duration;
    }

    /** The systems of connections not seen before, in one query. */
    private void learnSystems(Set<Long> connectionIds) {
        Long[] unknown = connectionIds.stream().filter(id -> !systems.containsKey(id)).toArray(Long[]::new);
        if (unknown.length == 0) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT cn.id, ct.system FROM connection cn JOIN connector ct ON ct.id = cn.connector_id
                        WHERE cn.id = ANY (?)""")) {
            select.setArray(1, connection.createArrayOf("bigint", unknown));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    systems.put(rs.getLong(1), rs.getString(2));
                }
            }
        } catch (SQLException e) {
            LOG.debugf("connection systems not read: %s", e.toString());
        }
    }
}
