package io.synclane.common.outbox;

import io.synclane.common.config.OutboxConfig;
import jakarta.enterprise.context.ApplicationScoped;
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

    public OutboxHealthCheck(DataSource dataSource, OutboxConfig config) {
        this.dataSource = dataSource;
        this.config = config;
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
