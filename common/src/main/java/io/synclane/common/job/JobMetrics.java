package io.synclane.common.job;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
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
    private final Map<MeterKey, Meter> kept = new ConcurrentHashMap<>();

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
                counter("synclane.jobs.ended", "Jobs that ended, by how", kind, system, "status", status.wire())
                        .increment();
                if (job.startedAt() != null) {
                    timer("synclane.job.run.duration", "From a job's first start to its end", kind, system)
                            .record(between(job.startedAt(), now));
                }
            } else if (status == JobStatus.PRE_RUN || (status == JobStatus.RUNNING && !job.remoteAgent())) {
                // An agent's start is its claim (pre-run); its running that follows is a report, not a start.
                counter("synclane.jobs.started", "Jobs claimed by a worker or a remote agent", kind, system,
                        "runner", job.remoteAgent() ? "agent" : "worker").increment();
                if (job.attempt() == 1) {
                    timer("synclane.job.start.latency", "From a job's creation to its first start", kind, system)
                            .record(between(job.createdAt(), now));
                }
            } else if (status == JobStatus.SCHEDULED) {
                boolean created = job.attempt() == 0;
                counter(created ? "synclane.jobs.created" : "synclane.jobs.rescheduled",
                        created ? "Jobs created to run" : "Jobs scheduled again (retries, takeovers)", kind, system,
                        null, null).increment();
            }
        }
    }

    /** A meter's name and tags: meters are kept by it, since registering anew cost a lookup per job moved. */
    private record MeterKey(String name, String kind, String system, String tag, String value) {
    }

    private Counter counter(String name, String description, String kind, String system, String tag, String value) {
        return (Counter) kept.computeIfAbsent(new MeterKey(name, kind, system, tag, value), key -> {
            Counter.Builder builder = Counter.builder(name).description(description).tags("kind", kind, "system", system);
            return (tag == null ? builder : builder.tag(tag, value)).register(meters);
        });
    }

    private Timer timer(String name, String description, String kind, String system) {
        return (Timer) kept.computeIfAbsent(new MeterKey(name, kind, system, null, null), key -> Timer.builder(name)
                .description(description).tags("kind", kind, "system", system).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofHours(2)).register(meters));
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
