package io.synclane.common.outbox;

import io.synclane.common.config.OutboxConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The outbox as readiness sees it: down when its oldest waiting row is older than {@code synclane.outbox.stuck-after}
 * (nothing has been published for that long while rows wait: the broker is gone, or the relay is stuck), or when
 * the database cannot be read. It also says how many rows wait and how many the broker refused for good (set aside
 * in {@code outbox_dead_letter}, which does not turn it down: the service itself is fine). A process whose relay
 * is off (a remote agent) has no outbox to judge.
 */
@Readiness
@ApplicationScoped
public class OutboxHealthCheck implements HealthCheck {
    static final String NAME = "outbox";

    private final DataSource dataSource;
    private final OutboxConfig config;
    /** The last reading and when it was taken: scrapes of the gauges within a second share one query. */
    private volatile Reading lastReading;
    private volatile long lastReadAt;

    public OutboxHealthCheck(DataSource dataSource, OutboxConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    /**
     * The outbox's gauges, for a process that relays: {@code synclane_outbox_waiting}, {@code
     * synclane_outbox_oldest_waiting_seconds} (0 when none waits) and {@code synclane_outbox_dead_letters}.
     */
    void registerGauges(@Observes StartupEvent event, MeterRegistry meters) {
        if (!config.relayEnabled()) {
            return;
        }
        Gauge.builder("synclane.outbox.waiting", this, check -> check.recent().map(r -> (double) r.waiting()).orElse(Double.NaN))
                .description("Outbox rows waiting to be published").register(meters);
        Gauge.builder("synclane.outbox.oldest.waiting", this, check -> check.recent()
                        .map(r -> r.oldest() == null ? 0.0 : r.oldest().toMillis() / 1000.0).orElse(Double.NaN))
                .baseUnit("seconds").description("Age of the oldest outbox row waiting to be published").register(meters);
        Gauge.builder("synclane.outbox.dead.letters.stored", this, check -> check.recent()
                        .map(r -> (double) r.deadLetters()).orElse(Double.NaN))
                .description("Messages set aside in outbox_dead_letter").register(meters);
    }

    private java.util.Optional<Reading> recent() {
        long now = System.nanoTime();
        if (lastReading == null || now - lastReadAt > 1_000_000_000L) {
            try {
                lastReading = read();
                lastReadAt = now;
            } catch (SQLException e) {
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.of(lastReading);
    }

    /** What the check reads: waiting rows, the oldest one's age (null when none), rows set aside. */
    record Reading(long waiting, Duration oldest, long deadLetters) {
        boolean stuck(Duration stuckAfter) {
            return oldest != null && oldest.compareTo(stuckAfter) > 0;
        }
    }

    @Override
    public HealthCheckResponse call() {
        if (!config.relayEnabled()) {
            return HealthCheckResponse.named(NAME).up().withData("relay", "off").build();
        }
        Reading reading;
        try {
            reading = read();
        } catch (SQLException e) {
            return HealthCheckResponse.named(NAME).down().withData("error", "the outbox cannot be read").build();
        }
        return HealthCheckResponse.named(NAME).status(!reading.stuck(config.stuckAfter()))
                .withData("waiting", reading.waiting())
                .withData("oldest_waiting_seconds", reading.oldest() == null ? 0 : reading.oldest().toSeconds())
                .withData("dead_letters", reading.deadLetters())
                .build();
    }

    private Reading read() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("""
                        SELECT (SELECT count(*) FROM outbox),
                               (SELECT extract(epoch FROM now() - min(created_at)) * 1000 FROM outbox),
                               (SELECT count(*) FROM outbox_dead_letter)""")) {
            rs.next();
            double oldestMillis = rs.getDouble(2);
            Duration oldest = rs.wasNull() ? null : Duration.ofMillis((long) oldestMillis);
            return new Reading(rs.getLong(1), oldest, rs.getLong(3));
        }
    }
}
